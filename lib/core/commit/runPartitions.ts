import { RowCountMismatchError } from '../errors';
import { type PartResult, runPartitionPrefix } from '../pipeline';
import type { CatalogPartition } from './CatalogTable';
import { tableLabel } from './tableLabel';

/** Hive's name for the partition of NULL values, used when a file has no value for a key. */
const HIVE_DEFAULT_PARTITION = '__HIVE_DEFAULT_PARTITION__';

/** Options of {@link runPartitions}. */
export interface RunPartitionsOptions {
  /**
   * Add the run id as the last partition value (an incremental table's `run` key), so even an
   * unpartitioned table gets one partition per run.
   *
   * @default false
   */
  readonly runKey?: boolean;
}

/**
 * The partitions a run wrote, each at its `run=<id>/` prefix, from the files its manifests
 * list: one per distinct combination of partition values, sorted by values. Every file must
 * sit in the prefix its values name, or readers of the partition would miss it.
 *
 * @param manifests the verified manifests of the run
 * @param partitionKeys the plan's partition keys, outermost first (none: no partitions unless `runKey`)
 * @param locationOf turns an object key prefix into a catalog location, e.g. `s3://bucket/<prefix>`
 * @throws RowCountMismatchError naming a file that lies outside its partition's run prefix
 * @example
 * ```ts
 * runPartitions(manifests, ['month'], (prefix) => `s3://curated/${prefix}`);
 * // [{ values: ['2026-11'], location: 's3://curated/service/items/month=2026-11/run=20261123T030005Z/' }]
 * runPartitions(manifests, [], (prefix) => `s3://curated/${prefix}`, { runKey: true });
 * // [{ values: ['20261123T030005Z'], location: 's3://curated/service/events/run=20261123T030005Z/' }]
 * ```
 */
export function runPartitions(
  manifests: readonly PartResult[],
  partitionKeys: readonly string[],
  locationOf: (prefix: string) => string,
  options: RunPartitionsOptions = {},
): CatalogPartition[] {
  const runKey = options.runKey ?? false;
  if (partitionKeys.length === 0 && !runKey) return [];
  const partitions = new Map<string, CatalogPartition>();
  for (const manifest of manifests) {
    for (const file of manifest.files) {
      const prefix = runPartitionPrefix(
        manifest.source,
        manifest.table,
        partitionKeys,
        file.partitionValues,
        manifest.runId,
      );
      if (!file.key.startsWith(prefix)) {
        throw new RowCountMismatchError(
          `file ${file.key} of part ${manifest.partIndex} is not under its partition's run prefix ${prefix}`,
          {
            table: tableLabel(manifest.source, manifest.table),
            runId: manifest.runId,
            expectedRows: manifest.rows,
            writtenRows: manifest.rows,
          },
        );
      }
      const values = partitionKeys.map((key) => file.partitionValues[key] ?? HIVE_DEFAULT_PARTITION);
      if (runKey) values.push(manifest.runId);
      partitions.set(JSON.stringify(values), { values, location: locationOf(prefix) });
    }
  }
  return [...partitions.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, p]) => p);
}
