import {
  paginateDescribeDBClusterSnapshots,
  paginateDescribeDBSnapshots,
  type RDSClient,
} from '@aws-sdk/client-rds';
import { NoAutomatedSnapshotError } from '../../core/export/NoAutomatedSnapshotError';
import { type ListedSnapshot, newestAvailableSnapshot } from '../../core/export/newestAvailableSnapshot';
import type { SnapshotDatabase } from './SnapshotDatabase';

/**
 * The ARN of the newest available automated snapshot of an RDS instance (DescribeDBSnapshots,
 * `SnapshotType: automated`) or an Aurora cluster (DescribeDBClusterSnapshots), read over every
 * page. RDS exports automated snapshots as it does manual ones ("Exporting DB snapshot data to
 * Amazon S3": all types of DB snapshots), and exporting one puts no load on the database.
 *
 * @throws NoAutomatedSnapshotError naming the source when there is none (automated backups off)
 * @example
 * ```ts
 * await latestAutomatedSnapshot(new RDSClient({}), 'service', { instanceIdentifier: 'marketplace-prod' });
 * // 'arn:aws:rds:eu-west-1:123456789012:snapshot:rds:marketplace-prod-2026-11-23-03-05'
 * ```
 */
export async function latestAutomatedSnapshot(
  client: RDSClient,
  source: string,
  database: SnapshotDatabase,
): Promise<string> {
  const listed: ListedSnapshot[] = [];
  if (database.clusterIdentifier !== undefined) {
    const pages = paginateDescribeDBClusterSnapshots(
      { client },
      { DBClusterIdentifier: database.clusterIdentifier, SnapshotType: 'automated' },
    );
    for await (const page of pages) {
      for (const snapshot of page.DBClusterSnapshots ?? []) {
        listed.push({
          arn: snapshot.DBClusterSnapshotArn,
          status: snapshot.Status,
          createdAt: snapshot.SnapshotCreateTime,
        });
      }
    }
  } else {
    const pages = paginateDescribeDBSnapshots(
      { client },
      { DBInstanceIdentifier: database.instanceIdentifier, SnapshotType: 'automated' },
    );
    for await (const page of pages) {
      for (const snapshot of page.DBSnapshots ?? []) {
        listed.push({
          arn: snapshot.DBSnapshotArn,
          status: snapshot.Status,
          createdAt: snapshot.SnapshotCreateTime,
        });
      }
    }
  }
  const arn = newestAvailableSnapshot(listed);
  if (arn === undefined) {
    const name =
      database.clusterIdentifier !== undefined
        ? `Aurora cluster ${database.clusterIdentifier}`
        : `RDS instance ${database.instanceIdentifier}`;
    throw new NoAutomatedSnapshotError(source, name);
  }
  return arn;
}
