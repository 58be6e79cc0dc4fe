/** The exact S3 requests behind the watermark store, and S3's answers fauxqs cannot give, on a mocked client. */
import {
  GetObjectCommand,
  type GetObjectCommandOutput,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { S3WatermarkStore } from '../../../lib/adapters/watermark';
import { WatermarkConflictError } from '../../../lib/core/errors';

const BUCKET = 'curated-bucket';
const KEY = '_watermarks/service/users.json';

/** The part of an SDK stream body the store reads. */
function textBody(text: string): GetObjectCommandOutput['Body'] {
  return { transformToString: async () => text } as unknown as GetObjectCommandOutput['Body'];
}

/**
 * S3's answer to a conditional write that raced another one on the same key (Amazon S3 API
 * Reference, "PutObject": `If-Match` / `If-None-Match`, 409 ConditionalRequestConflict).
 */
function conditionalRequestConflict(): S3ServiceException {
  return new S3ServiceException({
    name: 'ConditionalRequestConflict',
    $fault: 'client',
    $metadata: { httpStatusCode: 409 },
    message: 'A conflicting operation occurred',
  });
}

describe('S3WatermarkStore', () => {
  const s3 = mockClient(S3Client);
  const store = () => new S3WatermarkStore({ client: new S3Client({ region: 'eu-west-1' }), bucket: BUCKET });

  beforeEach(() => s3.reset());

  it('reads the watermark object with its ETag', async () => {
    // Arrange
    s3.on(GetObjectCommand).resolves({
      Body: textBody(JSON.stringify({ value: '2026-11-23 03:59:00.000000', runId: '20261123T040000Z' })),
      ETag: '"abc"',
    });

    // Act
    const watermark = await store().get('service', 'users');

    // Assert
    expect(watermark).toEqual({
      value: '2026-11-23 03:59:00.000000',
      runId: '20261123T040000Z',
      etag: '"abc"',
    });
    expect(s3).toHaveReceivedCommandWith(GetObjectCommand, { Bucket: BUCKET, Key: KEY });
  });

  it('creates the first watermark only if none exists (IfNoneMatch *)', async () => {
    // Arrange
    s3.on(PutObjectCommand).resolves({ ETag: '"new"' });

    // Act
    const stored = await store().advance('service', 'users', '42', '20261123T040000Z', undefined);

    // Assert
    expect(stored.etag).toBe('"new"');
    expect(s3).toHaveReceivedCommandWith(PutObjectCommand, {
      Bucket: BUCKET,
      Key: KEY,
      Body: JSON.stringify({ value: '42', runId: '20261123T040000Z' }),
      IfNoneMatch: '*',
    });
  });

  it('advances only the version it read (IfMatch)', async () => {
    // Arrange
    s3.on(PutObjectCommand).resolves({ ETag: '"v2"' });

    // Act
    await store().advance('service', 'users', '43', '20261123T050000Z', '"v1"');

    // Assert
    expect(s3).toHaveReceivedCommandWith(PutObjectCommand, { Key: KEY, IfMatch: '"v1"' });
    expect(s3.commandCalls(PutObjectCommand)[0]?.args[0].input.IfNoneMatch).toBeUndefined();
  });

  it('turns a conditional write that raced another (409) into WatermarkConflictError', async () => {
    // Arrange
    s3.on(PutObjectCommand).rejects(conditionalRequestConflict());

    // Act / Assert
    await expect(store().advance('service', 'users', '43', '20261123T050000Z', '"v1"')).rejects.toThrow(
      WatermarkConflictError,
    );
  });
});
