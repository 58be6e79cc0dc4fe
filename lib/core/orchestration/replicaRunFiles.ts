import { DataLakeError } from '../errors';
import type { ReplicaChunkWork, ReplicaRunManifest, ReplicaRunPlan } from './ReplicaRunPlan';
import { replicaRunKeys } from './replicaRunKeys';

/** One JSON object to store. */
export interface StoredJson {
  readonly key: string;
  readonly value: unknown;
}

/**
 * How a replica run's plan is stored in `bucket` for its Distributed Maps (JSON ItemReaders): the
 * table list, and per pool with chunks its chunk list in the plan's order (highest-priority table
 * first, replicas in turn), each item carrying its table's plan and its replica's host. Returns
 * the objects to write and the small {@link ReplicaRunManifest} the state machine carries.
 *
 * @example
 * ```ts
 * const { files, manifest } = replicaRunFiles(plan, 'service', rawBucket);
 * for (const { key, value } of files) await store.putJson(rawBucket, key, value);
 * return manifest; // { runId, bucket, tables: { key, count }, pools: { small: { key, chunks, failureKey } }, … }
 * ```
 */
export function replicaRunFiles(
  plan: ReplicaRunPlan,
  source: string,
  bucket: string,
): { readonly files: readonly StoredJson[]; readonly manifest: ReplicaRunManifest } {
  const keys = replicaRunKeys(source, plan.runId);
  const files: StoredJson[] = [{ key: keys.tables, value: plan.tables }];
  const pools: Record<string, ReplicaRunManifest['pools'][string]> = {};
  for (const [pool, items] of Object.entries(plan.pools)) {
    const work: ReplicaChunkWork[] = items.map((item) => ({
      plan: entry(plan.tables, item.table, 'table', plan.runId).plan,
      chunk: item.chunk,
      host: entry(plan.replicaHosts, item.replica, 'replica host', plan.runId),
    }));
    files.push({ key: keys.chunks(pool), value: work });
    pools[pool] = { key: keys.chunks(pool), chunks: work.length, failureKey: keys.chunkFailure(pool) };
  }
  return {
    files,
    manifest: {
      runId: plan.runId,
      bucket,
      tables: { key: keys.tables, count: plan.tables.length },
      pools,
      commitFailureKey: keys.commitFailure,
      warnings: plan.warnings.length,
    },
  };
}

/** `list[index]`, which a chunk item of a well-formed plan always names. */
function entry<T>(list: readonly T[], index: number, what: string, runId: string): T {
  const found = list[index];
  if (found === undefined) {
    throw new DataLakeError(
      `Replica run ${runId}: a chunk item names ${what} ${index}; allowed: 0 to ${list.length - 1}`,
    );
  }
  return found;
}
