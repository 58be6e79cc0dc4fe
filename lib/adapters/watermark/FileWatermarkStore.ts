import { createHash, randomUUID } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { DataLakeError, WatermarkConflictError } from '../../core/errors';
import { watermarkKey } from '../../core/extract';
import { parseWatermark } from './parseWatermark';
import type { StoredWatermark, WatermarkStore } from './WatermarkStore';

/** How long an advance waits for another process's lock before giving up. */
const LOCK_TIMEOUT_MS = 10_000;

function isCode(error: unknown, code: string): boolean {
  return typeof error === 'object' && error !== null && 'code' in error && error.code === code;
}

const etagOf = (text: string): string => `"${createHash('sha256').update(text).digest('hex').slice(0, 32)}"`;

/**
 * {@link WatermarkStore} on the local filesystem for local mode and tests, with the S3 store's
 * semantics: `<root>/_watermarks/<source>/<table>.json`, the ETag a hash of the content, and an
 * advance that compares the ETag and writes (staging file + rename) under an exclusive lock
 * directory, so concurrent advances from several processes cannot both win.
 *
 * @example
 * ```ts
 * const watermarks = new FileWatermarkStore('/tmp/lake/curated');
 * await watermarks.advance('service', 'users', '2026-11-23 03:59:00.000000', runId, undefined);
 * ```
 */
export class FileWatermarkStore implements WatermarkStore {
  public constructor(private readonly root: string) {}

  public async get(source: string, table: string): Promise<StoredWatermark | undefined> {
    const file = this.file(source, table);
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      if (isCode(error, 'ENOENT')) return undefined;
      throw error;
    }
    return { ...parseWatermark(text, file), etag: etagOf(text) };
  }

  public async advance(
    source: string,
    table: string,
    value: string,
    runId: string,
    expectedEtag: string | undefined,
  ): Promise<StoredWatermark> {
    const file = this.file(source, table);
    await mkdir(dirname(file), { recursive: true });
    const lock = `${file}.lock`;
    await this.lock(lock);
    try {
      const current = await this.get(source, table);
      if (current?.etag !== expectedEtag) {
        throw new WatermarkConflictError({
          source,
          table,
          ...(expectedEtag === undefined ? {} : { expectedEtag }),
        });
      }
      const text = JSON.stringify({ value, runId });
      const staging = `${file}.staging-${randomUUID()}`;
      await writeFile(staging, text);
      await rename(staging, file);
      return { value, runId, etag: etagOf(text) };
    } finally {
      await rm(lock, { recursive: true, force: true });
    }
  }

  private file(source: string, table: string): string {
    return join(this.root, watermarkKey(source, table));
  }

  /** mkdir is atomic: exactly one process creates the lock directory. */
  private async lock(lock: string): Promise<void> {
    const deadline = Date.now() + LOCK_TIMEOUT_MS;
    for (;;) {
      try {
        await mkdir(lock);
        return;
      } catch (error) {
        if (!isCode(error, 'EEXIST')) throw error;
        if (Date.now() > deadline) {
          throw new DataLakeError(
            `Watermark lock ${lock} held for over ${LOCK_TIMEOUT_MS} ms; remove it if no run is active`,
          );
        }
        await sleep(10);
      }
    }
  }
}
