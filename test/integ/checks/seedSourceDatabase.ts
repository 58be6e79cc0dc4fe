import { DEMO_SCHEMA_SQL } from '../../../lib/local/demo/DEMO_SCHEMA_SQL';
import { demoMarketplace } from '../../../lib/local/demo/demoMarketplace';
import { seedStatements } from './seedStatements';

/** The part of a PostgreSQL client the seed uses (PGlite has it; `pg`'s Client in two lines). */
export interface SqlClient {
  /** Runs one statement with bound `values`. */
  query(text: string, values?: unknown[]): Promise<{ readonly rows: readonly unknown[] }>;
  /** Runs a script of statements without parameters. */
  exec(script: string): Promise<unknown>;
}

/** The one text column `sql` of a `SELECT format(...) AS sql` result. */
function formattedSql(result: { readonly rows: readonly unknown[] }): string {
  const row = result.rows[0];
  if (typeof row === 'object' && row !== null && 'sql' in row && typeof row.sql === 'string') return row.sql;
  throw new Error(`format() returned ${JSON.stringify(row)}, not one text column "sql"`);
}

/** The read-only user the lake's replica path logs in as. */
export interface ReaderUser {
  readonly username: string;
  readonly password: string;
}

/**
 * Seeds the integ check's source database as a real user's would be: the demo marketplace's
 * tables and rows (`lib/local/demo`), and a login that may only read them, for the lake's
 * `credentialsSecretArn`. One transaction: a failed seed leaves nothing half-written.
 *
 * The role statement is built by the server's `format()` with `%I`/`%L`, so the name and the
 * password are quoted by PostgreSQL itself: utility statements take no bind parameters.
 *
 * @example
 * ```ts
 * await seedSourceDatabase(client, { username: 'lake_reader', password });
 * ```
 */
export async function seedSourceDatabase(client: SqlClient, reader: ReaderUser): Promise<void> {
  await client.exec('BEGIN');
  try {
    await client.exec(DEMO_SCHEMA_SQL);
    for (const statement of seedStatements(demoMarketplace())) {
      await client.query(statement.text, [...statement.values]);
    }
    const created = await client.query(
      "SELECT format('CREATE ROLE %I LOGIN PASSWORD %L', $1::text, $2::text) AS sql",
      [reader.username, reader.password],
    );
    await client.exec(formattedSql(created));
    const granted = await client.query(
      "SELECT format('GRANT USAGE ON SCHEMA public TO %1$I; GRANT SELECT ON ALL TABLES IN SCHEMA public TO %1$I', $1::text) AS sql",
      [reader.username],
    );
    await client.exec(formattedSql(granted));
    await client.exec('COMMIT');
  } catch (error) {
    await client.exec('ROLLBACK');
    throw error;
  }
}
