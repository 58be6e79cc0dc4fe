import { randomUUID } from 'node:crypto';
import { copyFile, mkdir, open, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { ObjectStore, StoredObject } from '../adapters/objectStore';
import { assertRange } from '../adapters/objectStore/assertRange';
import { parseJsonObject } from '../adapters/objectStore/parseJsonObject';
import { DataLakeError, ObjectNotFoundError } from '../core/errors';

/** Name of the staging files writes go through; never listed as objects. */
const STAGING = /\.staging-[0-9a-f-]{36}$/;

/**
 * UTF-8 binary order, the order S3 lists keys in (S3 User Guide, "Listing object keys
 * programmatically"); JavaScript's default sort compares UTF-16 code units, which puts an emoji
 * before U+E000–U+FFFF.
 */
function utf8Order(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

/** ENOENT, checked by code: fs errors may come from another realm than this module's `Error`. */
function isMissing(error: unknown): boolean {
  return typeof error === 'object' && error !== null && 'code' in error && error.code === 'ENOENT';
}

/**
 * {@link ObjectStore} on the local filesystem for local mode and benchmarks: each bucket is a
 * directory under `root` and each key a file path inside it (`root/<bucket>/<key>`). Writes go
 * to a staging file renamed into place, so a reader never sees half an object, as with S3.
 *
 * Keys must be relative paths without empty, `.` or `..` segments (S3 allows them; here they
 * would escape the bucket or collide).
 *
 * @example
 * ```ts
 * const store = new FileObjectStore('/tmp/lake');
 * await store.putJson('curated', '_manifests/service/items/run=20261123T030005Z/part-00000.json', result);
 * ```
 */
export class FileObjectStore implements ObjectStore {
  public constructor(private readonly root: string) {}

  public async downloadToFile(bucket: string, key: string, file: string): Promise<void> {
    try {
      await copyFile(this.path(bucket, key), file);
    } catch (error) {
      if (isMissing(error)) throw new ObjectNotFoundError(bucket, key, { cause: error });
      throw error;
    }
  }

  public async readRange(bucket: string, key: string, start: number, length: number): Promise<Uint8Array> {
    assertRange(bucket, key, start, length);
    let handle: Awaited<ReturnType<typeof open>>;
    try {
      handle = await open(this.path(bucket, key), 'r');
    } catch (error) {
      if (isMissing(error)) throw new ObjectNotFoundError(bucket, key, { cause: error });
      throw error;
    }
    try {
      const bytes = new Uint8Array(length);
      const { bytesRead } = await handle.read(bytes, 0, length, start);
      if (bytesRead !== length) {
        throw new DataLakeError(
          `Short read of bucket "${bucket}", key "${key}": asked for ${length} bytes from byte ${start}, got ${bytesRead}; allowed: a range inside the object`,
        );
      }
      return bytes;
    } finally {
      await handle.close();
    }
  }

  public async uploadFile(bucket: string, key: string, file: string): Promise<void> {
    await this.write(bucket, key, (staging) => copyFile(file, staging));
  }

  public async *list(bucket: string, prefix: string): AsyncIterable<StoredObject> {
    const bucketDir = this.path(bucket);
    // Walk only the directory the prefix pins down: `a/b/c` starts in `a/b/`.
    const fixed = prefix.slice(0, prefix.lastIndexOf('/') + 1);
    let names: string[];
    try {
      names = await readdir(join(bucketDir, fixed), { recursive: true });
    } catch (error) {
      if (isMissing(error)) return;
      throw error;
    }
    const keys = names
      .map((name) => fixed + name.split('\\').join('/'))
      .filter((key) => key.startsWith(prefix) && !STAGING.test(key))
      .sort(utf8Order);
    for (const key of keys) {
      const info = await stat(join(bucketDir, key));
      if (info.isFile()) yield { key, bytes: info.size };
    }
  }

  public async delete(bucket: string, keys: readonly string[]): Promise<void> {
    await Promise.all(keys.map((key) => rm(this.path(bucket, key), { force: true })));
  }

  public async getJson(bucket: string, key: string): Promise<unknown> {
    let text: string;
    try {
      text = await readFile(this.path(bucket, key), 'utf8');
    } catch (error) {
      if (isMissing(error)) throw new ObjectNotFoundError(bucket, key, { cause: error });
      throw error;
    }
    return parseJsonObject(text, bucket, key);
  }

  public async putJson(bucket: string, key: string, value: unknown): Promise<void> {
    await this.write(bucket, key, (staging) => writeFile(staging, JSON.stringify(value)));
  }

  private async write(bucket: string, key: string, fill: (staging: string) => Promise<void>): Promise<void> {
    const target = this.path(bucket, key);
    await mkdir(dirname(target), { recursive: true });
    const staging = `${target}.staging-${randomUUID()}`;
    try {
      await fill(staging);
      await rename(staging, target);
    } finally {
      await rm(staging, { force: true });
    }
  }

  private path(bucket: string, key?: string): string {
    if (bucket === '' || bucket.includes('/') || bucket === '.' || bucket === '..') {
      throw new DataLakeError(
        `Invalid bucket name: received "${bucket}"; allowed: a name without "/" that is not "." or ".."`,
      );
    }
    if (key === undefined) return join(this.root, bucket);
    const segments = key.split('/');
    if (
      segments.some(
        (segment) => segment === '' || segment === '.' || segment === '..' || segment.includes('\\'),
      )
    ) {
      throw new DataLakeError(
        `Invalid object key for a FileObjectStore: received "${key}"; allowed: a relative path without empty, ".", ".." segments or "\\"`,
      );
    }
    return join(this.root, bucket, ...segments);
  }
}
