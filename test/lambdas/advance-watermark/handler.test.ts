import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';

type Handler = (event: unknown) => Promise<unknown>;

const s3 = mockClient(S3Client);

function loadHandler(): Handler {
  return (require('../../../lambdas/advance-watermark/handler') as { handler: Handler }).handler;
}

const advance = { source: 'service', table: 'orders', value: '30', runId: '20261123T040000Z' };

describe('advance-watermark handler', () => {
  beforeEach(() => {
    s3.reset();
    process.env.CURATED_BUCKET = 'curated';
    process.env.AWS_REGION = 'eu-west-1';
  });
  afterEach(() => {
    delete process.env.CURATED_BUCKET;
    delete process.env.AWS_REGION;
  });

  it('replaces the watermark only if it is still the version the run read', async () => {
    // Arrange
    s3.on(PutObjectCommand).resolves({ ETag: '"v2"' });

    // Act
    await loadHandler()({ ...advance, etag: '"v1"' });

    // Assert
    expect(s3).toHaveReceivedCommandWith(PutObjectCommand, {
      Bucket: 'curated',
      Key: '_watermarks/service/orders.json',
      IfMatch: '"v1"',
    });
  });

  it('creates the first watermark only if none exists', async () => {
    // Arrange
    s3.on(PutObjectCommand).resolves({ ETag: '"v1"' });

    // Act
    await loadHandler()(advance);

    // Assert
    expect(s3).toHaveReceivedCommandWith(PutObjectCommand, {
      Bucket: 'curated',
      Key: '_watermarks/service/orders.json',
      IfNoneMatch: '*',
    });
  });

  it('rejects an advance without a value before writing anything', async () => {
    // Act
    const attempt = loadHandler()({ ...advance, value: '' });

    // Assert
    await expect(attempt).rejects.toThrow(/value/);
    expect(s3).toHaveReceivedCommandTimes(PutObjectCommand, 0);
  });
});
