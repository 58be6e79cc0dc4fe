import { SchemaEvolutionError, StaleRunError } from '../errors';
import { runPartitionPrefix, tablePrefix } from '../pipeline';
import type { CatalogColumn, CatalogTable } from './CatalogTable';
import { PREVIOUS_RUN_ID_PARAMETER, RUN_ID_PARAMETER } from './commitParameters';
import { tableLabel } from './tableLabel';

/** What the catalog table of a committed run is made from. */
export interface CuratedTableSpec {
  readonly source: string;
  /** The table's name in the source and in the curated layout. */
  readonly table: string;
  readonly runId: string;
  /** The evolved columns (see `evolveSchema`). */
  readonly columns: readonly CatalogColumn[];
  readonly partitionKeys: readonly string[];
  /** Turns an object key prefix into a catalog location, e.g. `s3://bucket/<prefix>`. */
  readonly locationOf: (prefix: string) => string;
  /** The catalog's table now. @default - the table does not exist yet */
  readonly current?: CatalogTable;
}

/** The run the catalog table shows, if the lake committed one. */
function committedRunId(table: CatalogTable | undefined): string | undefined {
  return table?.parameters[RUN_ID_PARAMETER];
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
 * The catalog table that makes run `runId` the one readers see: Glue's lower-case name, the
 * evolved columns, the location (unpartitioned: the run prefix, so the table update is the
 * switch; partitioned, which includes an incremental table's `run` key: the table prefix,
 * partitions point at run prefixes) and the parameters
 * the table had, with the committed run id and the run committed before it.
 *
 * @throws StaleRunError when the catalog already shows a newer run
 * @throws SchemaEvolutionError when the partition keys differ from the catalog's
 * @example
 * ```ts
 * curatedTable({ source: 'service', table: 'users', runId, columns, partitionKeys: [], locationOf: (p) => `s3://curated/${p}` });
 * // { name: 'users', location: 's3://curated/service/users/run=<runId>/', parameters: { datalake_run_id: runId }, … }
 * ```
 */
export function curatedTable(spec: CuratedTableSpec): CatalogTable {
  const committed = committedRunId(spec.current);
  if (committed !== undefined && spec.runId < committed) {
    throw new StaleRunError(tableLabel(spec.source, spec.table), spec.runId, committed);
  }
  checkPartitionKeys(spec);
  const previous = committed === spec.runId ? spec.current?.parameters[PREVIOUS_RUN_ID_PARAMETER] : committed;
  const {
    [RUN_ID_PARAMETER]: _run,
    [PREVIOUS_RUN_ID_PARAMETER]: _previous,
    ...kept
  } = spec.current?.parameters ?? {};
  const prefix =
    spec.partitionKeys.length > 0
      ? tablePrefix(spec.source, spec.table)
      : runPartitionPrefix(spec.source, spec.table, [], {}, spec.runId);
  return {
    name: spec.table.toLowerCase(),
    columns: spec.columns,
    partitionKeys: spec.partitionKeys,
    location: spec.locationOf(prefix),
    parameters: {
      ...kept,
      [RUN_ID_PARAMETER]: spec.runId,
      ...(previous === undefined ? {} : { [PREVIOUS_RUN_ID_PARAMETER]: previous }),
    },
  };
}
