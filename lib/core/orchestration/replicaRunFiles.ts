import { DataLakeError } from '../errors';
import type { ReplicaChunkWork, ReplicaRunManifest, ReplicaRunPlan } from './ReplicaRunPlan';
import { replicaRunKeys } from './replicaRunKeys';

/** One JSON object to store. */
export interface StoredJson {
  readonly key: string;
  readonly value: unknown;
}

/**
 * How a replica run's plan is stored in `bucket` for its Distributed Maps (JSON ItemReaders): per
 * pool with tables, its chunk list in the plan's order (highest-priority table first, replicas in
 * turn; empty when its tables have nothing to read), each item carrying its table's plan and its
 * replica's host, and its table list in config order. Returns the objects to write and the small
 * {@link ReplicaRunManifest} the state machine carries.
 *
 * @example
 * ```ts
 * const { files, manifest } = replicaRunFiles(plan, 'service', rawBucket);
 * for (const { key, value } of files) await store.putJson(rawBucket, key, value);
 * return manifest; // { runId, bucket, pools: { small: { key, chunks, tables: { key, count } } }, failures, … }
 * ```
 */
export function replicaRunFiles(
  plan: ReplicaRunPlan,
  source: string,
  bucket: string,
): { readonly files: readonly StoredJson[]; readonly manifest: ReplicaRunManifest } {
  const keys = replicaRunKeys(source, plan.runId);
  const files: StoredJson[] = [];
  const pools: Record<string, ReplicaRunManifest['pools'][string]> = {};
  for (const pool of new Set(plan.tables.map((table) => table.pool))) {
    const work: ReplicaChunkWork[] = (plan.pools[pool] ?? []).map((item) => ({
      plan: entry(plan.tables, item.table, 'table', plan.runId).plan,
      chunk: item.chunk,
      host: entry(plan.replicaHosts, item.replica, 'replica host', plan.runId),
    }));
    const tables = plan.tables.filter((table) => table.pool === pool);
    files.push({ key: keys.chunks(pool), value: work }, { key: keys.tables(pool), value: tables });
    pools[pool] = {
      key: keys.chunks(pool),
      chunks: work.length,
      tables: { key: keys.tables(pool), count: tables.length },
    };
  }
  return {
    files,
    manifest: {
      runId: plan.runId,
      bucket,
      pools,
      failures: keys.failures,
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
