import { DescribeDBSnapshotsCommand, RDSClient } from '@aws-sdk/client-rds';
import { mockClient } from 'aws-sdk-client-mock';
import { handler } from '../../../lambdas/find-snapshot/handler';

const rds = mockClient(RDSClient);

describe('find-snapshot handler', () => {
  it('returns the newest automated snapshot’s ARN for the instance the state machine names', async () => {
    // Arrange
    const arn = 'arn:aws:rds:eu-west-1:123456789012:snapshot:rds:service-db-2026-11-22-03-05';
    rds
      .on(DescribeDBSnapshotsCommand, { DBInstanceIdentifier: 'service-db', SnapshotType: 'automated' })
      .resolves({
        DBSnapshots: [
          { DBSnapshotArn: arn, Status: 'available', SnapshotCreateTime: new Date('2026-11-22T03:05:00Z') },
        ],
      });

    // Act
    const result = await handler({ source: 'service', instanceIdentifier: 'service-db' });

    // Assert
    expect(result).toEqual({ arn });
  });

  it('refuses an event naming both an instance and a cluster', async () => {
    // Act / Assert
    await expect(
      handler({ source: 'service', instanceIdentifier: 'a', clusterIdentifier: 'b' }),
    ).rejects.toThrow();
  });
});
