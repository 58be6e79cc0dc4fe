import type { DuckDBConnection, DuckDBValue, Json } from '@duckdb/node-api';

/** One result row as JSON-safe values: BIGINT and DECIMAL as exact text, dates as ISO text. */
export type JsonRow = Record<string, Json>;

/**
 * Runs a query and returns every row as an object keyed by column name. For small results
 * (metadata, checks): the rows are materialized in memory.
 *
 * @param values positional (`$1`) or named (`$name`) parameters
 * @example
 * ```ts
 * const [row] = await queryRows(connection, 'SELECT count(*) AS n FROM read_parquet($1)', ['/tmp/a.parquet']);
 * ```
 */
export async function queryRows(
  connection: DuckDBConnection,
  sql: string,
  values?: DuckDBValue[] | Record<string, DuckDBValue>,
): Promise<JsonRow[]> {
  const reader = await connection.runAndReadAll(sql, values);
  return reader.getRowObjectsJson();
}
