import type { ObjectStore } from '../adapters/objectStore';
import { type ReplicaRunManifest, type ReplicaRunPlan, replicaRunFiles } from '../core/orchestration';

/**
 * Stores a replica run's plan in `bucket` (each pool's chunk and table lists, see
 * `replicaRunFiles`) and returns the manifest the state machine carries instead of the lists.
 *
 * @example
 * ```ts
 * return storeReplicaRunPlan(await planReplicaRun(source, runId, deps, hosts), { store, bucket, source: source.name });
 * ```
 */
export async function storeReplicaRunPlan(
  plan: ReplicaRunPlan,
  target: { readonly store: ObjectStore; readonly bucket: string; readonly source: string },
): Promise<ReplicaRunManifest> {
  const { files, manifest } = replicaRunFiles(plan, target.source, target.bucket);
  await Promise.all(files.map(({ key, value }) => target.store.putJson(target.bucket, key, value)));
  return manifest;
}
