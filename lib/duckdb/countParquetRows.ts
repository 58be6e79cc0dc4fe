import type { DuckDBConnection } from '@duckdb/node-api';
import { quoteLiteral } from '../core/transform';
import { queryRows } from './queryRows';

/**
 * The number of rows in a Parquet file, from its footer (no data is read).
 *
 * @example
 * ```ts
 * await countParquetRows(connection, '/tmp/out/data_0.parquet'); // 1000000
 * ```
 */
export async function countParquetRows(connection: DuckDBConnection, file: string): Promise<number> {
  const [row] = await queryRows(
    connection,
    `SELECT num_rows FROM parquet_file_metadata(${quoteLiteral(file)})`,
  );
  return Number(row?.num_rows ?? 0);
}
