/**
 * The simulated export against the real MariaDB and PostgreSQL fixture schemas: its Parquet is
 * read back with DuckDB for the export's documented types and the source's values, and its info
 * files parse with the export models.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { parseExportInfo, parseExportTablesInfo, sourceColumnsFromExport } from '../../../lib/core/export';
import { quoteLiteral } from '../../../lib/core/transform';
import { openDuckdb, queryRows } from '../../../lib/duckdb';
import { type SimulatedExport, simulateExport } from '../../../lib/local/simulatedExport';
import { loadFixture, mariadbQuery, mariadbUrl, postgresQuery, postgresUrl } from '../../helpers/databases';

let outDir: string;
let duckdb: DuckDBInstance;
let connection: DuckDBConnection;
let mysqlExport: SimulatedExport;
let postgresExport: SimulatedExport;

const MYSQL_TABLES = ['users', 'items', 'orders', 'chat_messages'];
const POSTGRES_TABLES = ['payments', 'refunds'];

beforeAll(async () => {
  await Promise.all([loadFixture('mysql'), loadFixture('postgres')]);
  outDir = mkdtempSync(join(tmpdir(), 'simulated-export-'));
  mysqlExport = await simulateExport({
    engine: 'mysql',
    connection: mariadbUrl(),
    database: 'marketplace',
    tables: MYSQL_TABLES.map((table) => ({ schema: 'marketplace', table })),
    exportId: 'mysql-exp',
    outDir,
    prefix: 'exports',
    rowsPerPart: 7,
  });
  postgresExport = await simulateExport({
    engine: 'postgres',
    connection: postgresUrl(),
    database: 'payments',
    tables: POSTGRES_TABLES.map((table) => ({ schema: 'public', table })),
    exportId: 'pg-exp',
    outDir,
    rowsPerPart: 7,
  });
  duckdb = await openDuckdb({ threads: 1 });
  connection = await duckdb.connect();
}, 120_000);

afterAll(() => {
  connection?.closeSync();
  duckdb?.closeSync();
  rmSync(outDir, { recursive: true, force: true });
});

function files(manifest: SimulatedExport, table: string): string {
  const parts = manifest.tables.find((entry) => entry.table === table)?.parts ?? [];
  return `[${parts.map((part) => quoteLiteral(join(outDir, part))).join(', ')}]`;
}

async function types(manifest: SimulatedExport, table: string): Promise<Record<string, string>> {
  const rows = await queryRows(connection, `DESCRIBE SELECT * FROM read_parquet(${files(manifest, table)})`);
  return Object.fromEntries(rows.map((row) => [String(row.column_name), String(row.column_type)]));
}

async function value(manifest: SimulatedExport, table: string, sql: string): Promise<unknown> {
  const [row] = await queryRows(
    connection,
    `SELECT ${sql} AS v FROM read_parquet(${files(manifest, table)})`,
  );
  return row?.v;
}

describe('simulateExport', () => {
  it('writes every MySQL table with the source row count', async () => {
    // Arrange
    const counts = await Promise.all(
      MYSQL_TABLES.map(async (table) =>
        Number((await mariadbQuery(`SELECT COUNT(*) AS n FROM ${table}`))[0]?.n),
      ),
    );

    // Act
    const written = mysqlExport.tables.map((table) => table.rows);

    // Assert
    expect(written).toEqual(counts);
  });

  it('reads back the same rows from the Parquet as it reports', async () => {
    // Act
    const count = await value(mysqlExport, 'chat_messages', 'count(*)');

    // Assert
    expect(Number(count)).toBe(30);
  });

  it('splits a table into parts of at most rowsPerPart rows, in the export key layout', () => {
    // Act
    const parts = mysqlExport.tables.find((table) => table.table === 'users')?.parts ?? [];

    // Assert
    expect(parts).toHaveLength(3);
    expect(parts[2]).toMatch(
      /^exports\/mysql-exp\/marketplace\/marketplace\.users\/1\/part-00002-[0-9a-f-]{36}\.gz\.parquet$/,
    );
  });

  it('writes MySQL columns with the types the export documents', async () => {
    // Act
    const users = await types(mysqlExport, 'users');

    // Assert
    expect(users).toMatchObject({
      id: 'DECIMAL(20,0)',
      country_code: 'BLOB',
      is_verified: 'INTEGER',
      birth_date: 'VARCHAR',
      joined_year: 'INTEGER',
      avatar: 'BLOB',
      created_at: 'TIMESTAMP',
    });
  });

  it('writes a MySQL decimal wider than 38 digits as text', async () => {
    // Act
    const orders = await types(mysqlExport, 'orders');

    // Assert
    expect([orders.legacy_amount, orders.fx_rate]).toEqual(['VARCHAR', 'DECIMAL(38,10)']);
  });

  it('keeps the max unsigned BIGINT exactly', async () => {
    // Act
    const max = await value(mysqlExport, 'users', 'CAST(max(id) AS VARCHAR)');

    // Assert
    expect(max).toBe('18446744073709551615');
  });

  it('keeps the date 0001-01-01 as the export text', async () => {
    // Act
    const min = await value(mysqlExport, 'users', 'min(birth_date)');

    // Assert
    expect(min).toBe('0001-01-01');
  });

  it('keeps microseconds of DATETIME(6)', async () => {
    // Act
    const first = await value(
      mysqlExport,
      'users',
      'any_value(CAST(created_at AS VARCHAR)) FILTER (WHERE id = 1)',
    );

    // Assert
    expect(first).toBe('2019-03-01 09:00:00.000001');
  });

  it('keeps Korean and emoji text byte for byte', async () => {
    // Arrange
    const [source] = await mariadbQuery('SELECT nickname FROM users WHERE id = 1');

    // Act
    const nickname = await value(mysqlExport, 'users', 'any_value(nickname) FILTER (WHERE id = 1)');

    // Assert
    expect(nickname).toBe(source?.nickname);
  });

  it('writes CHAR as the plain UTF-8 bytes of its text', async () => {
    // Act
    const code = await value(mysqlExport, 'users', 'decode(any_value(country_code) FILTER (WHERE id = 2))');

    // Assert
    expect(code).toBe('GB');
  });

  it('writes PostgreSQL numeric, date and timestamp as text and bytea as bytes', async () => {
    // Act
    const payments = await types(postgresExport, 'payments');

    // Assert
    expect(payments).toMatchObject({
      amount: 'VARCHAR',
      fee: 'VARCHAR',
      paid_on: 'VARCHAR',
      created_at: 'VARCHAR',
      captured_at: 'VARCHAR',
      id: 'BIGINT',
      installment_months: 'SMALLINT',
      risk_score: 'FLOAT',
      is_test: 'BOOLEAN',
      signature: 'BLOB',
      tags: 'VARCHAR',
    });
  });

  it('writes every PostgreSQL table with the source row count', async () => {
    // Arrange
    const counts = await Promise.all(
      POSTGRES_TABLES.map(async (table) =>
        Number((await postgresQuery(`SELECT count(*) AS n FROM ${table}`))[0]?.n),
      ),
    );

    // Assert
    expect(postgresExport.tables.map((table) => table.rows)).toEqual(counts);
  });

  it('keeps a PostgreSQL timestamp with its microseconds and timestamptz in UTC', async () => {
    // Act
    const row = await value(
      postgresExport,
      'payments',
      "any_value(created_at || ' / ' || captured_at) FILTER (WHERE id = 1)",
    );

    // Assert
    expect(row).toBe('2024-03-01 09:30:00.654321 / 2024-03-01 00:30:00.123456+00');
  });

  it('keeps bytea bytes exactly', async () => {
    // Act
    const signature = await value(
      postgresExport,
      'payments',
      'hex(any_value(signature) FILTER (WHERE id = 1))',
    );

    // Assert
    expect(signature).toBe('0102030405');
  });

  it('writes info files that parse with the export models', () => {
    // Act
    const info = parseExportInfo(JSON.parse(readFileSync(join(outDir, mysqlExport.infoKey), 'utf8')), 'info');
    const tables = parseExportTablesInfo(
      JSON.parse(readFileSync(join(outDir, mysqlExport.tablesInfoKey), 'utf8')),
      'tables',
    );

    // Assert
    expect([info.exportTaskIdentifier, info.status]).toEqual(['mysql-exp', 'COMPLETE']);
    expect(tables.perTableStatus.map((entry) => [entry.target, entry.status])).toEqual(
      MYSQL_TABLES.map((table) => [`marketplace.${table}`, 'COMPLETE']),
    );
  });

  it('records as its snapshot time, in its info file and manifest, when it began reading the database', () => {
    // Act
    const info = parseExportInfo(JSON.parse(readFileSync(join(outDir, mysqlExport.infoKey), 'utf8')), 'info');
    const tables = parseExportTablesInfo(
      JSON.parse(readFileSync(join(outDir, mysqlExport.tablesInfoKey), 'utf8')),
      'tables',
    );

    // Assert
    expect(mysqlExport.snapshotTime).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    expect(info.snapshotTime).toBe(mysqlExport.snapshotTime);
    expect(info.taskStartTime).toBe(mysqlExport.snapshotTime);
    const firstRead = Math.min(
      ...tables.perTableStatus.map((entry) => Date.parse(entry.tableStatistics?.extractionStartTime ?? '')),
    );
    expect(Date.parse(mysqlExport.snapshotTime)).toBeLessThanOrEqual(firstRead);
  });

  it('lists columns in the table info that map back to the source types', () => {
    // Arrange
    const tables = parseExportTablesInfo(
      JSON.parse(readFileSync(join(outDir, postgresExport.tablesInfoKey), 'utf8')),
      'tables',
    );
    const payments = tables.perTableStatus[0];

    // Act
    const columns = payments ? sourceColumnsFromExport(payments, 'postgres') : [];

    // Assert
    expect(columns.map((column) => [column.name, column.type.columnType]).slice(0, 8)).toEqual([
      ['id', 'bigint'],
      ['payment_uuid', 'uuid'],
      ['order_id', 'bigint'],
      ['user_id', 'bigint'],
      ['status', 'USER-DEFINED'],
      ['method', 'character varying(20)'],
      ['currency', 'character(3)'],
      ['amount', 'numeric(12,2)'],
    ]);
    expect(columns[4]?.type.userDefinedEnum).toBe(true);
  });

  it('lists a failed table with its status and warning and writes no parts for it', async () => {
    // Act
    const failed = await simulateExport({
      engine: 'postgres',
      connection: postgresUrl(),
      database: 'payments',
      tables: POSTGRES_TABLES.map((table) => ({ schema: 'public', table })),
      exportId: 'pg-failed',
      outDir,
      fail: {
        payments: { kind: 'status', status: 'FAILED', warningMessage: 'row larger than 2 GB' },
        refunds: { kind: 'omit' },
      },
    });
    const tables = parseExportTablesInfo(
      JSON.parse(readFileSync(join(outDir, failed.tablesInfoKey), 'utf8')),
      'tables',
    );

    // Assert
    expect(tables.perTableStatus).toEqual([
      { target: 'payments.public.payments', status: 'FAILED', warningMessage: 'row larger than 2 GB' },
    ]);
    expect(failed.tables.map((table) => [table.status, table.parts.length])).toEqual([
      ['FAILED', 0],
      ['OMITTED', 0],
    ]);
  });

  it.each([
    ['mysql', mariadbUrl, 'marketplace', 'marketplace'],
    ['postgres', postgresUrl, 'payments', 'public'],
  ] as const)(
    'leaves a listed table the %s source does not have out of the table info, writing nothing for it',
    async (engine, url, database, schema) => {
      // Act: before, DuckDB refused its Parquet of no columns ("Table must have at least one column!")
      const exported = await simulateExport({
        engine,
        connection: url(),
        database,
        tables: [{ schema, table: 'failsem_no_such_table' }],
        exportId: `${engine}-missing`,
        outDir,
      });
      const tables = parseExportTablesInfo(
        JSON.parse(readFileSync(join(outDir, exported.tablesInfoKey), 'utf8')),
        'tables',
      );

      // Assert: the plan then names it MISSING (assertTablesExported)
      expect(tables.perTableStatus).toEqual([]);
      expect(exported.tables.map((table) => [table.table, table.status, table.parts.length])).toEqual([
        ['failsem_no_such_table', 'OMITTED', 0],
      ]);
    },
  );

  it.each([
    [
      'mysql',
      mariadbUrl,
      'marketplace',
      "SELECT TABLE_NAME AS name FROM information_schema.TABLES WHERE TABLE_SCHEMA = 'marketplace' AND TABLE_TYPE = 'BASE TABLE'",
    ],
    [
      'postgres',
      postgresUrl,
      'payments',
      "SELECT schemaname || '.' || tablename AS name FROM pg_tables WHERE schemaname NOT IN ('pg_catalog', 'information_schema')",
    ],
  ] as const)(
    'exports every base table of the %s database with tables: all',
    async (engine, url, database, listSql) => {
      // Arrange
      const expected = (engine === 'mysql' ? await mariadbQuery(listSql) : await postgresQuery(listSql))
        .map((row) => String(row.name))
        .sort();

      // Act
      const all = await simulateExport({
        engine,
        connection: url(),
        database,
        tables: 'all',
        exportId: `${engine}-all`,
        outDir,
      });

      // Assert
      const exported = all.tables
        .map((table) => (engine === 'mysql' ? table.table : `${table.schema}.${table.table}`))
        .sort();
      expect(exported).toEqual(expected);
      expect(all.tables.every((table) => table.status === 'COMPLETE')).toBe(true);
    },
  );
});
