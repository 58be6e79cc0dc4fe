import type { DuckDBConnection } from '@duckdb/node-api';
import { queryRows } from './queryRows';

/**
 * The number of worker threads DuckDB runs a query with (its `threads` setting).
 *
 * @example
 * ```ts
 * const threads = await withConnection(duckdb, duckdbThreads); // 2 in a 1769 MB+ Lambda
 * ```
 */
export async function duckdbThreads(connection: DuckDBConnection): Promise<number> {
  const [row] = await queryRows(connection, "SELECT current_setting('threads') AS threads");
  return Math.max(1, Number(row?.threads ?? 1));
}
