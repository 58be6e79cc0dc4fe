import { createReadStream, createWriteStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import {
  DeleteObjectsCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { DataLakeError, ObjectNotFoundError } from '../../core/errors';
import { inBatches } from '../../core/inBatches';
import { assertRange } from './assertRange';
import type { ObjectStore, StoredObject } from './ObjectStore';
import { parseJsonObject } from './parseJsonObject';

/** S3's limit for one PutObject; larger files need a multipart upload. */
export const MAX_PUT_OBJECT_BYTES = 5 * 1024 ** 3;

/** Keys one DeleteObjects request takes. */
const DELETE_BATCH = 1000;

/** Settings of {@link S3ObjectStore}. */
export interface S3ObjectStoreProps {
  /** The S3 client; build it once per container and inject it (tests point it at an emulator). */
  readonly client: S3Client;
  /**
   * Keys per ListObjectsV2 page.
   *
   * @default 1000 (S3's maximum)
   */
  readonly pageSize?: number;
}

/**
 * {@link ObjectStore} on Amazon S3 with an injected SDK v3 client.
 *
 * Uploads are one PutObject streamed from the file with its length, which S3 takes up to 5 GiB:
 * curated part files are far below that (one export part of at most a few hundred MB in, ZSTD
 * Parquet out), so multipart upload (`@aws-sdk/lib-storage`) is not used and a larger file
 * fails with a clear error instead. Encryption comes from the bucket's default (SSE-KMS).
 *
 * @example
 * ```ts
 * const store = new S3ObjectStore({ client: new S3Client({}) });
 * await store.uploadFile('curated-bucket', 'service/items/run=20261123T030005Z/part-00000-000.parquet', '/tmp/out.parquet');
 * ```
 */
export class S3ObjectStore implements ObjectStore {
  private readonly client: S3Client;
  private readonly pageSize: number;

  public constructor(props: S3ObjectStoreProps) {
    this.client = props.client;
    this.pageSize = props.pageSize ?? 1000;
  }

  public async downloadToFile(bucket: string, key: string, file: string): Promise<void> {
    const body = await this.getBody(bucket, key);
    await pipeline(body as Readable, createWriteStream(file));
  }

  public async readRange(bucket: string, key: string, start: number, length: number): Promise<Uint8Array> {
    assertRange(bucket, key, start, length);
    // An HTTP byte range names its first and last byte: https://www.rfc-editor.org/rfc/rfc9110.html#name-range
    // (S3 GetObject `Range`, one range per request).
    const body = await this.getBody(bucket, key, `bytes=${start}-${start + length - 1}`);
    const bytes = await body.transformToByteArray();
    if (bytes.length !== length) {
      throw new DataLakeError(
        `Short read of s3://${bucket}/${key}: asked for ${length} bytes from byte ${start}, got ${bytes.length}; allowed: a range inside the object`,
      );
    }
    return bytes;
  }

  public async uploadFile(bucket: string, key: string, file: string): Promise<void> {
    const { size } = await stat(file);
    if (size > MAX_PUT_OBJECT_BYTES) {
      throw new DataLakeError(
        `File too large for one upload: ${file} is ${size} bytes for s3://${bucket}/${key}; allowed: at most ${MAX_PUT_OBJECT_BYTES} bytes (5 GiB)`,
      );
    }
    await this.client.send(
      new PutObjectCommand({ Bucket: bucket, Key: key, Body: createReadStream(file), ContentLength: size }),
    );
  }

  public async *list(bucket: string, prefix: string): AsyncIterable<StoredObject> {
    let token: string | undefined;
    do {
      const page = await this.client.send(
        new ListObjectsV2Command({
          Bucket: bucket,
          Prefix: prefix,
          MaxKeys: this.pageSize,
          ContinuationToken: token,
        }),
      );
      for (const object of page.Contents ?? []) {
        if (object.Key !== undefined) yield { key: object.Key, bytes: object.Size ?? 0 };
      }
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token !== undefined);
  }

  public async delete(bucket: string, keys: readonly string[]): Promise<void> {
    for (const batch of inBatches(keys, DELETE_BATCH)) {
      const result = await this.client.send(
        new DeleteObjectsCommand({
          Bucket: bucket,
          Delete: { Objects: batch.map((key) => ({ Key: key })), Quiet: true },
        }),
      );
      const errors = result.Errors ?? [];
      if (errors.length > 0) {
        const detail = errors.map((error) => `${error.Key}: ${error.Code} ${error.Message ?? ''}`.trim());
        throw new DataLakeError(
          `Could not delete ${errors.length} of ${batch.length} objects in bucket "${bucket}": ${detail.join('; ')}`,
        );
      }
    }
  }

  public async getJson(bucket: string, key: string): Promise<unknown> {
    const body = await this.getBody(bucket, key);
    return parseJsonObject(await body.transformToString('utf-8'), bucket, key);
  }

  public async putJson(bucket: string, key: string, value: unknown): Promise<void> {
    await this.client.send(
      new PutObjectCommand({
        Bucket: bucket,
        Key: key,
        Body: JSON.stringify(value),
        ContentType: 'application/json',
      }),
    );
  }

  private async getBody(bucket: string, key: string, range?: string) {
    try {
      const result = await this.client.send(
        new GetObjectCommand({ Bucket: bucket, Key: key, ...(range === undefined ? {} : { Range: range }) }),
      );
      if (result.Body === undefined) throw new ObjectNotFoundError(bucket, key);
      return result.Body;
    } catch (error) {
      if (error instanceof Error && error.name === 'NoSuchKey')
        throw new ObjectNotFoundError(bucket, key, { cause: error });
      throw error;
    }
  }
}
