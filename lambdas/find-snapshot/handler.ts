import { RDSClient } from '@aws-sdk/client-rds';
import { latestAutomatedSnapshot } from '../../lib/adapters/rds';
import { findSnapshotEventSchema } from './findSnapshotEventSchema';

const client = new RDSClient({});

/**
 * Finds the snapshot a run exports: `{ source, instanceIdentifier | clusterIdentifier }` → `{ arn }`
 * of the newest available automated snapshot, or a NoAutomatedSnapshotError naming the source.
 */
export const handler = async (event: unknown): Promise<{ arn: string }> => {
  const { source, ...database } = findSnapshotEventSchema.parse(event);
  return { arn: await latestAutomatedSnapshot(client, source, database) };
};
