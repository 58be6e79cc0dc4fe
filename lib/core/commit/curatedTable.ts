import { SchemaEvolutionError } from '../errors';
import { runPartitionPrefix, tablePrefix } from '../pipeline';
import type { CatalogColumn, CatalogTable } from './CatalogTable';
import { tableLabel } from './tableLabel';

/** What the catalog table holding a run is made from. */
export interface CuratedTableSpec {
  /** The catalog table's name (see `catalogNames`: a run's table or the deltas table). */
  readonly name: string;
  readonly source: string;
  /** The table's name in the source and in the curated layout. */
  readonly table: string;
  readonly runId: string;
  /** The evolved columns (see `evolveSchema`). */
  readonly columns: readonly CatalogColumn[];
  readonly partitionKeys: readonly string[];
  /** Turns an object key prefix into a catalog location, e.g. `s3://bucket/<prefix>`. */
  readonly locationOf: (prefix: string) => string;
  /** The catalog table of that name now. @default - the table does not exist yet */
  readonly current?: CatalogTable;
}

function checkPartitionKeys(spec: CuratedTableSpec): void {
  const before = spec.current?.partitionKeys;
  if (before === undefined || before.join(',') === spec.partitionKeys.join(',')) return;
  throw new SchemaEvolutionError(tableLabel(spec.source, spec.table), [
    {
      column: '(partition keys)',
      previousType: `(${before.join(', ')})`,
      writtenType: `(${spec.partitionKeys.join(', ')})`,
    },
  ]);
}

/**
 * The catalog table that holds run `runId`: the evolved columns, the location (unpartitioned:
 * the run prefix; partitioned, which includes an incremental table's `run` key: the table
 * prefix, partitions point at run prefixes) and the parameters the table had. Readers never
 * query it directly: the table's view selects from it (see `curatedView`).
 *
 * @throws SchemaEvolutionError when the partition keys differ from the existing table's
 * @example
 * ```ts
 * curatedTable({ name: 'users__run_20261123t030005z', source: 'service', table: 'users', runId, columns, partitionKeys: [], locationOf: (p) => `s3://curated/${p}` });
 * // { name: 'users__run_20261123t030005z', location: 's3://curated/service/users/run=20261123T030005Z/', parameters: {}, … }
 * ```
 */
export function curatedTable(spec: CuratedTableSpec): CatalogTable {
  checkPartitionKeys(spec);
  const prefix =
    spec.partitionKeys.length > 0
      ? tablePrefix(spec.source, spec.table)
      : runPartitionPrefix(spec.source, spec.table, [], {}, spec.runId);
  return {
    name: spec.name,
    columns: spec.columns,
    partitionKeys: spec.partitionKeys,
    location: spec.locationOf(prefix),
    parameters: { ...spec.current?.parameters },
  };
}
