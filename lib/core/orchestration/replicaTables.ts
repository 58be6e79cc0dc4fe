import type { SourceConfig, TableConfig } from '../../config';

/**
 * The tables of `source` read from the read replica (mode `replica-query` or `incremental`), in
 * config order. Only listed tables: unlisted tables of `includeTables: all` are discovered by the
 * snapshot export's table info, which the replica path does not have.
 *
 * @example
 * ```ts
 * replicaTables(source).map((table) => table.name); // ['users', 'orders']
 * ```
 */
export function replicaTables(source: SourceConfig): TableConfig[] {
  return source.tables.filter((table) => table.mode === 'replica-query' || table.mode === 'incremental');
}
