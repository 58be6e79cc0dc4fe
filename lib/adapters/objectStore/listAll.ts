import type { ObjectStore, StoredObject } from './ObjectStore';

/**
 * Every object under `prefix`, collected from all pages of {@link ObjectStore.list}. For
 * listings that fit in memory (a run's manifests, one part's files).
 *
 * @example
 * ```ts
 * const manifests = await listAll(store, curatedBucket, manifestPrefix('service', 'items', runId));
 * ```
 */
export async function listAll(store: ObjectStore, bucket: string, prefix: string): Promise<StoredObject[]> {
  const objects: StoredObject[] = [];
  for await (const object of store.list(bucket, prefix)) objects.push(object);
  return objects;
}
