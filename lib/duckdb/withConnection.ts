import type { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';

/**
 * Runs `work` on a fresh connection to `duckdb` and closes the connection afterwards, also when
 * `work` throws. Connection state (variables such as the mask salt) lives and dies with it.
 *
 * @example
 * ```ts
 * const rows = await withConnection(duckdb, (connection) => queryRows(connection, 'SELECT 42 AS answer'));
 * ```
 */
export async function withConnection<T>(
  duckdb: DuckDBInstance,
  work: (connection: DuckDBConnection) => Promise<T>,
): Promise<T> {
  const connection = await duckdb.connect();
  try {
    return await work(connection);
  } finally {
    connection.closeSync();
  }
}
