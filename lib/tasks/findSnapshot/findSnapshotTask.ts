import type { SnapshotDatabase } from '../../adapters/rds';
import type { Task } from '../Task';
import { findSnapshotEventSchema } from './findSnapshotEventSchema';

/** What the find-snapshot task works with. */
export interface FindSnapshotDeps {
  /**
   * The ARN of the newest available automated snapshot of `database` (`latestAutomatedSnapshot`
   * on RDS).
   *
   * @throws NoAutomatedSnapshotError naming `source` when there is none
   */
  readonly latestAutomatedSnapshot: (source: string, database: SnapshotDatabase) => Promise<string>;
}

/** What the find-snapshot task returns: the snapshot the run exports, into `$.exportSource`. */
export interface FoundSnapshot {
  readonly arn: string;
}

/**
 * The find-snapshot state of the snapshot pipeline (source `snapshot: latest-automated`):
 * `{ source, instanceIdentifier | clusterIdentifier }` → `{ arn }` of the newest available
 * automated snapshot, or a NoAutomatedSnapshotError naming the source.
 *
 * @example
 * ```ts
 * await findSnapshotTask({ source: 'service', instanceIdentifier: 'service-db' }, { latestAutomatedSnapshot });
 * // { arn: 'arn:aws:rds:eu-west-1:123456789012:snapshot:rds:service-db-2026-11-23-03-05' }
 * ```
 */
export const findSnapshotTask: Task<FindSnapshotDeps, FoundSnapshot> = async (event, deps) => {
  const { source, ...database } = findSnapshotEventSchema.parse(event);
  return { arn: await deps.latestAutomatedSnapshot(source, database) };
};
