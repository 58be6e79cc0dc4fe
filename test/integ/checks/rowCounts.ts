import type { QueryResult } from '../../../lib/adapters/athena';

/**
 * Reads a `(table_name, row_count)` result ({@link rowCountSql}) into counts by table. Athena
 * returns bigint as text or number depending on the reader; both become a number.
 *
 * @throws Error when a row is not a table name and a whole count
 * @example
 * ```ts
 * rowCounts({ queryExecutionId: 'q', columns, rows: [['users', '400']] }); // { users: 400 }
 * ```
 */
export function rowCounts(result: QueryResult): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const [table, count] of result.rows) {
    const rows = typeof count === 'string' || typeof count === 'number' ? Number(count) : Number.NaN;
    if (typeof table !== 'string' || !Number.isInteger(rows)) {
      throw new Error(
        `Query ${result.queryExecutionId}: row (${table}, ${count}) is not a table name and a count`,
      );
    }
    counts[table] = rows;
  }
  return counts;
}
