import type { DuckDBConnection } from '@duckdb/node-api';
import type { WrittenColumn } from '../core/pipeline';
import { quoteLiteral } from '../core/transform';
import { queryRows } from './queryRows';

/**
 * The columns of a Parquet file as DuckDB reads them back (`DESCRIBE`), in file order: the
 * schema actually written, which the commit step registers in Glue.
 *
 * @example
 * ```ts
 * await describeParquet(connection, '/tmp/out/data_0.parquet');
 * // [{ name: 'id', duckdbType: 'BIGINT' }, { name: 'price', duckdbType: 'DECIMAL(12,2)' }]
 * ```
 */
export async function describeParquet(connection: DuckDBConnection, file: string): Promise<WrittenColumn[]> {
  const rows = await queryRows(
    connection,
    `DESCRIBE SELECT * FROM read_parquet(${quoteLiteral(file)}, hive_partitioning = false)`,
  );
  return rows.map((row) => ({ name: String(row.column_name), duckdbType: String(row.column_type) }));
}
