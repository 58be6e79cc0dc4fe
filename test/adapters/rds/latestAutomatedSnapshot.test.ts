import {
  DescribeDBClusterSnapshotsCommand,
  DescribeDBSnapshotsCommand,
  RDSClient,
} from '@aws-sdk/client-rds';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { latestAutomatedSnapshot } from '../../../lib/adapters/rds';
import { NoAutomatedSnapshotError } from '../../../lib/core/export';

const rds = mockClient(RDSClient);
const arn = (name: string) => `arn:aws:rds:eu-west-1:123456789012:snapshot:rds:service-db-${name}`;

beforeEach(() => rds.reset());

describe('latestAutomatedSnapshot', () => {
  it('asks for the instance’s automated snapshots over every page and picks the newest available one', async () => {
    // Arrange
    const pages = [
      {
        DBSnapshots: [
          {
            DBSnapshotArn: arn('2026-11-21'),
            Status: 'available',
            SnapshotCreateTime: new Date('2026-11-21T03:05:00Z'),
          },
          {
            DBSnapshotArn: arn('2026-11-22'),
            Status: 'available',
            SnapshotCreateTime: new Date('2026-11-22T03:05:00Z'),
          },
        ],
        Marker: 'page-2',
      },
      {
        DBSnapshots: [
          // Still being taken: not exportable yet.
          {
            DBSnapshotArn: arn('2026-11-23'),
            Status: 'creating',
            SnapshotCreateTime: new Date('2026-11-23T03:05:00Z'),
          },
          {
            DBSnapshotArn: arn('2026-11-20'),
            Status: 'available',
            SnapshotCreateTime: new Date('2026-11-20T03:05:00Z'),
          },
        ],
      },
    ];
    // The paginator reuses its input object: keep a copy of each request as sent.
    const requests: unknown[] = [];
    rds.on(DescribeDBSnapshotsCommand).callsFake((input) => {
      requests.push(JSON.parse(JSON.stringify(input)));
      return pages[requests.length - 1];
    });

    // Act
    const found = await latestAutomatedSnapshot(new RDSClient({}), 'service', {
      instanceIdentifier: 'service-db',
    });

    // Assert
    expect(found).toBe(arn('2026-11-22'));
    expect(requests).toEqual([
      { DBInstanceIdentifier: 'service-db', SnapshotType: 'automated' },
      { DBInstanceIdentifier: 'service-db', SnapshotType: 'automated', Marker: 'page-2' },
    ]);
  });

  it('asks an Aurora cluster for its automated cluster snapshots', async () => {
    // Arrange
    const clusterArn = 'arn:aws:rds:eu-west-1:123456789012:cluster-snapshot:rds:service-cluster-2026-11-22';
    rds.on(DescribeDBClusterSnapshotsCommand).resolves({
      DBClusterSnapshots: [
        {
          DBClusterSnapshotArn: clusterArn,
          Status: 'available',
          SnapshotCreateTime: new Date('2026-11-22T03:05:00Z'),
        },
      ],
    });

    // Act
    const found = await latestAutomatedSnapshot(new RDSClient({}), 'service', {
      clusterIdentifier: 'service-cluster',
    });

    // Assert
    expect(found).toBe(clusterArn);
    expect(rds).toHaveReceivedCommandWith(DescribeDBClusterSnapshotsCommand, {
      DBClusterIdentifier: 'service-cluster',
      SnapshotType: 'automated',
    });
    expect(rds).not.toHaveReceivedCommand(DescribeDBSnapshotsCommand);
  });

  it('fails naming the source, the database and the fix when automated backups are off', async () => {
    // Arrange: backup retention 0 leaves no automated snapshot
    rds.on(DescribeDBSnapshotsCommand).resolves({ DBSnapshots: [] });

    // Act
    const found = latestAutomatedSnapshot(new RDSClient({}), 'service', { instanceIdentifier: 'service-db' });

    // Assert
    await expect(found).rejects.toThrow(NoAutomatedSnapshotError);
    await expect(found).rejects.toThrow(
      'Source "service": RDS instance service-db has no available automated snapshot to export. Turn on its automated backups (a backup retention period of 1 day or more)',
    );
  });
});
