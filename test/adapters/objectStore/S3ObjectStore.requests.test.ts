/** The exact S3 requests behind the batching and paging, on a mocked client. */
import { DeleteObjectsCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { listAll, S3ObjectStore } from '../../../lib/adapters/objectStore';
import { DataLakeError } from '../../../lib/core/errors';

describe('S3ObjectStore requests', () => {
  const s3 = mockClient(S3Client);

  beforeEach(() => s3.reset());

  it('deletes in batches of at most 1000 keys, quietly', async () => {
    // Arrange
    s3.on(DeleteObjectsCommand).resolves({});
    const keys = Array.from({ length: 2500 }, (_, index) => `k/${index}`);

    // Act
    await new S3ObjectStore({ client: new S3Client({ region: 'eu-west-1' }) }).delete('b', keys);

    // Assert
    expect(s3).toHaveReceivedCommandTimes(DeleteObjectsCommand, 3);
    expect(s3).toHaveReceivedNthSpecificCommandWith(3, DeleteObjectsCommand, {
      Bucket: 'b',
      Delete: { Objects: keys.slice(2000).map((key) => ({ Key: key })), Quiet: true },
    });
  });

  it('throws naming the keys S3 could not delete', async () => {
    // Arrange
    s3.on(DeleteObjectsCommand).resolves({
      Errors: [{ Key: 'k/1', Code: 'AccessDenied', Message: 'Access Denied' }],
    });

    // Act
    const act = new S3ObjectStore({ client: new S3Client({ region: 'eu-west-1' }) }).delete('b', [
      'k/1',
      'k/2',
    ]);

    // Assert
    await expect(act).rejects.toThrow(DataLakeError);
    await expect(
      new S3ObjectStore({ client: new S3Client({ region: 'eu-west-1' }) }).delete('b', ['k/1', 'k/2']),
    ).rejects.toThrow('Could not delete 1 of 2 objects in bucket "b": k/1: AccessDenied Access Denied');
  });

  it('puts JSON with its content type', async () => {
    // Arrange
    s3.on(PutObjectCommand).resolves({});

    // Act
    await new S3ObjectStore({ client: new S3Client({ region: 'eu-west-1' }) }).putJson('b', 'm.json', {
      a: 1,
    });

    // Assert
    expect(s3).toHaveReceivedCommandWith(PutObjectCommand, {
      Bucket: 'b',
      Key: 'm.json',
      Body: '{"a":1}',
      ContentType: 'application/json',
    });
  });

  it('asks for pages of the configured size under the prefix', async () => {
    // Arrange
    s3.on(ListObjectsV2Command).resolves({ Contents: [{ Key: 'p/a', Size: 1 }], IsTruncated: false });

    // Act
    const listed = await listAll(
      new S3ObjectStore({ client: new S3Client({ region: 'eu-west-1' }), pageSize: 10 }),
      'b',
      'p/',
    );

    // Assert
    expect(listed).toEqual([{ key: 'p/a', bytes: 1 }]);
    expect(s3).toHaveReceivedCommandWith(ListObjectsV2Command, { Bucket: 'b', Prefix: 'p/', MaxKeys: 10 });
  });
});
