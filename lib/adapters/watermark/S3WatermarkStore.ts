import {
  GetObjectCommand,
  NoSuchKey,
  PutObjectCommand,
  type S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import { WatermarkConflictError } from '../../core/errors';
import { watermarkKey } from '../../core/extract';
import { parseWatermark } from './parseWatermark';
import type { StoredWatermark, WatermarkStore } from './WatermarkStore';

/** What {@link S3WatermarkStore} needs. */
export interface S3WatermarkStoreProps {
  readonly client: S3Client;
  /** The bucket holding `_watermarks/<source>/<table>.json` (the curated bucket). */
  readonly bucket: string;
}

/** S3's answers to a conditional write that lost: 412 Precondition Failed, 409 ConditionalRequestConflict. */
function isConditionFailure(error: unknown): boolean {
  return (
    error instanceof S3ServiceException &&
    (error.$metadata.httpStatusCode === 412 || error.$metadata.httpStatusCode === 409)
  );
}

/**
 * {@link WatermarkStore} on S3: one JSON object per table at `watermarkKey(source, table)`, advanced
 * with S3 conditional writes — `PutObject` with `IfMatch: <etag read>`, or `IfNoneMatch: '*'` for
 * the first watermark — so of two runs advancing the same version only one succeeds.
 *
 * @example
 * ```ts
 * const watermarks = new S3WatermarkStore({ client: new S3Client({}), bucket: curatedBucket });
 * const last = await watermarks.get('service', 'users');
 * ```
 */
export class S3WatermarkStore implements WatermarkStore {
  public constructor(private readonly props: S3WatermarkStoreProps) {}

  public async get(source: string, table: string): Promise<StoredWatermark | undefined> {
    const key = watermarkKey(source, table);
    try {
      const result = await this.props.client.send(
        new GetObjectCommand({ Bucket: this.props.bucket, Key: key }),
      );
      const body = parseWatermark(
        (await result.Body?.transformToString('utf8')) ?? '',
        `s3://${this.props.bucket}/${key}`,
      );
      return { ...body, etag: result.ETag ?? '' };
    } catch (error) {
      if (error instanceof NoSuchKey) return undefined;
      throw error;
    }
  }

  public async advance(
    source: string,
    table: string,
    value: string,
    runId: string,
    expectedEtag: string | undefined,
  ): Promise<StoredWatermark> {
    const condition = expectedEtag === undefined ? { IfNoneMatch: '*' } : { IfMatch: expectedEtag };
    try {
      const result = await this.props.client.send(
        new PutObjectCommand({
          Bucket: this.props.bucket,
          Key: watermarkKey(source, table),
          Body: JSON.stringify({ value, runId }),
          ContentType: 'application/json',
          ...condition,
        }),
      );
      return { value, runId, etag: result.ETag ?? '' };
    } catch (error) {
      if (isConditionFailure(error)) {
        throw new WatermarkConflictError(
          { source, table, ...(expectedEtag === undefined ? {} : { expectedEtag }) },
          { cause: error },
        );
      }
      throw error;
    }
  }
}
