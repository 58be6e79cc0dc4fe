import type { CatalogPartition } from './CatalogTable';

/** What to do to a table's partitions to switch it to a run. */
export interface PartitionChanges {
  /** Partitions the run has and the catalog does not. */
  readonly create: readonly CatalogPartition[];
  /** Partitions in both whose location differs: repointed to the run's prefix. */
  readonly update: readonly CatalogPartition[];
  /** Partitions the run no longer has (a snapshot replaces the whole table). */
  readonly delete: readonly CatalogPartition[];
}

/** Options of {@link partitionChanges}. */
export interface PartitionChangesOptions {
  /**
   * Keep the partitions `next` lacks: an incremental run adds a delta, it does not replace the
   * earlier runs' partitions.
   *
   * @default false
   */
  readonly accumulate?: boolean;
}

function identity(partition: CatalogPartition): string {
  return JSON.stringify(partition.values);
}

/**
 * The create / update / delete sets that make a table's partitions exactly `next`. A partition
 * already pointing at its new location is left alone, so a re-commit of the same run changes
 * nothing.
 *
 * @param previous the catalog's partitions now
 * @param next the partitions of the run being committed, each at its `run=<id>/` prefix
 * @param options `accumulate` keeps every previous partition (nothing deleted)
 * @example
 * ```ts
 * partitionChanges(
 *   [{ values: ['2026-10'], location: 's3://b/s/t/m=2026-10/run=A/' }],
 *   [{ values: ['2026-10'], location: 's3://b/s/t/m=2026-10/run=B/' }, { values: ['2026-11'], location: 's3://b/s/t/m=2026-11/run=B/' }],
 * );
 * // { create: [2026-11 at run=B], update: [2026-10 at run=B], delete: [] }
 * ```
 */
export function partitionChanges(
  previous: readonly CatalogPartition[],
  next: readonly CatalogPartition[],
  options: PartitionChangesOptions = {},
): PartitionChanges {
  const before = new Map(previous.map((partition) => [identity(partition), partition]));
  const after = new Set(next.map(identity));
  return {
    create: next.filter((partition) => !before.has(identity(partition))),
    update: next.filter((partition) => {
      const existing = before.get(identity(partition));
      return existing !== undefined && existing.location !== partition.location;
    }),
    delete: options.accumulate ? [] : previous.filter((partition) => !after.has(identity(partition))),
  };
}
