import { access } from 'node:fs/promises';

import type { QueryResult, QueryValue } from '../adapters/athena';
import { DataLakeError, QueryFailedError } from '../core/errors';
import { openDuckdb, withConnection } from '../duckdb';
import { attachCatalog } from './attachCatalog';

/** DuckDB integer types whose JSON form is text (64 bits and wider). */
const WIDE_INTEGERS = new Set(['BIGINT', 'HUGEINT', 'UBIGINT', 'UHUGEINT']);

/** A value as the CLI prints it: wide integers as numbers when no digit is lost. */
function jsonValue(value: unknown, type: string): QueryValue {
  if (typeof value === 'string' && WIDE_INTEGERS.has(type) && Number.isSafeInteger(Number(value))) {
    return Number(value);
  }
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') return value;
  return JSON.stringify(value);
}

/**
 * Runs SQL against a local lake's catalog (read-only), the way `datalake query --local` does:
 * DuckDB with the catalog file attached as the default database, so `<lake>_<source>.<table>`
 * names resolve as in Athena. DECIMAL values, and BIGINTs beyond 2^53, come back as exact text.
 *
 * @throws DataLakeError when the catalog file does not exist (no local run yet)
 * @throws QueryFailedError with DuckDB's message when the SQL fails
 * @example
 * ```ts
 * const result = await queryLocalCatalog('.local/lake/catalog.duckdb', 'SELECT count(*) AS n FROM demo_marketplace.users');
 * result.rows; // [[400]]
 * ```
 */
export async function queryLocalCatalog(catalogFile: string, sql: string): Promise<QueryResult> {
  try {
    await access(catalogFile);
  } catch (error) {
    throw new DataLakeError(
      `No local lake catalog at ${catalogFile}; run \`datalake local\` first, or pass --lake-dir with the directory it wrote`,
      { cause: error },
    );
  }
  const duckdb = await openDuckdb({ threads: 2 });
  try {
    return await withConnection(duckdb, async (connection) => {
      await attachCatalog(connection, catalogFile, true);
      let reader: Awaited<ReturnType<typeof connection.runAndReadAll>>;
      try {
        reader = await connection.runAndReadAll(sql);
      } catch (error) {
        const reason =
          error instanceof Error ? (error.message.split('\n')[0] ?? error.message) : String(error);
        throw new QueryFailedError({ queryExecutionId: 'local', state: 'FAILED', reason }, { cause: error });
      }
      const names = reader.columnNames();
      const types = reader.columnTypes().map((type) => type.toString());
      const rows = reader.getRowsJson().map((row) => row.map((value, i) => jsonValue(value, types[i] ?? '')));
      return {
        queryExecutionId: 'local',
        columns: names.map((name, index) => ({ name, type: types[index] ?? 'VARCHAR' })),
        rows,
      };
    });
  } finally {
    duckdb.closeSync();
  }
}
