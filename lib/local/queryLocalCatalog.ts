import { access } from 'node:fs/promises';
import type { DuckDBConnection } from '@duckdb/node-api';
import type { QueryResult } from '../adapters/athena';
import { DataLakeError, QueryFailedError, StatementCountError } from '../core/errors';
import { countSqlStatements } from '../core/query';
import { openDuckdb, withConnection } from '../duckdb';
import { attachCatalog } from './attachCatalog';
import { snapshotCatalog } from './snapshotCatalog';

/** DuckDB's message as one line, for a query that failed. */
function failure(error: unknown): QueryFailedError {
  const reason = error instanceof Error ? (error.message.split('\n')[0] ?? error.message) : String(error);
  return new QueryFailedError({ queryExecutionId: 'local', state: 'FAILED', reason }, { cause: error });
}

/**
 * The number of statements in `sql` by DuckDB's own parser (`extractStatements`), so a `;` in a
 * literal, a quoted name or a comment is not counted. SQL with only comments has none (DuckDB's
 * extraction throws on it, so it is told apart first).
 */
async function statementCount(connection: DuckDBConnection, sql: string): Promise<number> {
  if (countSqlStatements(sql) === 0) return 0;
  try {
    return (await connection.extractStatements(sql)).count;
  } catch (error) {
    throw failure(error);
  }
}

/**
 * Runs SQL against a local lake's catalog, the way `datalake query --local` does: DuckDB with a
 * copy of the catalog file attached READ_ONLY as the default database, so `<lake>_<source>.<table>`
 * names resolve as in Athena and the query works while `datalake local` writes the catalog (see
 * {@link snapshotCatalog}). Values are typed by column type (see `QueryValue`): BIGINT, HUGEINT
 * and DECIMAL as exact text, lists and structs as arrays and objects.
 *
 * @throws DataLakeError when the catalog file does not exist (no local run yet)
 * @throws StatementCountError when `sql` is not exactly one statement
 * @throws QueryFailedError with DuckDB's message when the SQL fails
 * @example
 * ```ts
 * const result = await queryLocalCatalog('.local/lake/catalog.duckdb', 'SELECT count(*) AS n FROM demo_marketplace.users');
 * result.rows; // [['400']]
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
  const snapshot = await snapshotCatalog(catalogFile);
  const duckdb = await openDuckdb({ threads: 2 });
  try {
    return await withConnection(duckdb, async (connection) => {
      const statements = await statementCount(connection, sql);
      if (statements !== 1) throw new StatementCountError(sql, statements);
      await attachCatalog(connection, snapshot.file, true);
      let reader: Awaited<ReturnType<typeof connection.runAndReadAll>>;
      try {
        reader = await connection.runAndReadAll(sql);
      } catch (error) {
        throw failure(error);
      }
      const names = reader.columnNames();
      const types = reader.columnTypes().map((type) => type.toString());
      return {
        queryExecutionId: 'local',
        columns: names.map((name, index) => ({ name, type: types[index] ?? 'VARCHAR' })),
        // DuckDB's JSON conversion types by column: BIGINT/DECIMAL text, LIST arrays, STRUCT objects.
        rows: reader.getRowsJson(),
      };
    });
  } finally {
    duckdb.closeSync();
    await snapshot.dispose();
  }
}
