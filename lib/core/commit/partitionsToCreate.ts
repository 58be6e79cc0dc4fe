import type { CatalogPartition } from './CatalogTable';

function identity(partition: CatalogPartition): string {
  return JSON.stringify(partition.values);
}

/**
 * The partitions of `next` the catalog does not have yet (matched by values; the first of equal
 * ones in `next`). A run's
 * partitions always sit at the run's own prefixes and are never repointed, so a partition that
 * exists is already right: a re-commit, or a commit retried after a failure part-way through
 * registering, creates only what is missing.
 *
 * @param previous the catalog table's partitions now
 * @param next the partitions the table must have
 * @example
 * ```ts
 * partitionsToCreate([{ values: ['2026-10'], location: a }], [{ values: ['2026-10'], location: a }, { values: ['2026-11'], location: b }]);
 * // [{ values: ['2026-11'], location: b }]
 * ```
 */
export function partitionsToCreate(
  previous: readonly CatalogPartition[],
  next: readonly CatalogPartition[],
): CatalogPartition[] {
  const seen = new Set(previous.map(identity));
  return next.filter((partition) => {
    const id = identity(partition);
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
}
