/**
 * The transform SELECT on the real engine: masks, casts, quoting and partition keys as DuckDB
 * evaluates them, over small in-memory tables shaped like the export's columns.
 */
import { createHmac } from 'node:crypto';
import type { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { buildTransformSql } from '../../../lib/core/transform';
import { openDuckdb, queryRows, setMaskKey } from '../../../lib/duckdb';
import { plannedColumn, tablePlan } from '../../helpers/tablePlanFactory';

const SALT = 'pepper-🧂-salt';
const hmac = (key: string, text: string) => createHmac('sha256', key).update(text, 'utf8').digest('hex');
const text = { athenaType: 'string', duckdbType: 'VARCHAR' };

let duckdb: DuckDBInstance;
let connection: DuckDBConnection;

beforeAll(async () => {
  duckdb = await openDuckdb({ threads: 1 });
  connection = await duckdb.connect();
  await connection.run(`CREATE TABLE people AS SELECT * FROM (VALUES
    (1, 'kim@example.com', '12.3456', '한국어😀abc', DATE '0001-01-05', TIMESTAMP '2024-02-29 23:59:59.999999'),
    (2, NULL, NULL, NULL, NULL, NULL)
  ) AS t(id, email, price, name, born, seen)`);
});

afterAll(() => {
  connection.closeSync();
  duckdb.closeSync();
});

async function run(plan: ReturnType<typeof tablePlan>, relation = 'people') {
  const { sql } = buildTransformSql(plan, { relation, path: 'replica' });
  return queryRows(connection, `${sql} ORDER BY 1`);
}

describe('buildTransformSql on DuckDB', () => {
  it('hashes the value text to lower-case hex HMAC-SHA-256 keyed by the salt and keeps NULL as NULL', async () => {
    // Arrange
    await setMaskKey(connection, SALT);
    const plan = tablePlan([
      plannedColumn('email', { dataType: 'varchar' }, text, { mask: { kind: 'hash' } }),
    ]);

    // Act
    const rows = await run(plan);

    // Assert
    expect(rows.map((row) => row.email).sort()).toEqual([hmac(SALT, 'kim@example.com'), null].sort());
  });

  it('hashes differently with another key', async () => {
    // Arrange
    const plan = tablePlan([
      plannedColumn('email', { dataType: 'varchar' }, text, { mask: { kind: 'hash' } }),
    ]);
    await setMaskKey(connection, 'another salt');

    // Act
    const rows = await run(plan);

    // Assert
    expect(rows.map((row) => row.email)).toContain(hmac('another salt', 'kim@example.com'));
    expect(rows.map((row) => row.email)).not.toContain(hmac(SALT, 'kim@example.com'));
  });

  it('fails instead of hashing when no key is set on the connection', async () => {
    // Arrange
    const fresh = await duckdb.connect();
    const plan = tablePlan([
      plannedColumn('email', { dataType: 'varchar' }, text, { mask: { kind: 'hash' } }),
    ]);
    const { sql } = buildTransformSql(plan, { relation: 'people', path: 'replica' });

    // Act
    const act = queryRows(fresh, sql);

    // Assert
    await expect(act).rejects.toThrow(/mask key not set/);
    fresh.closeSync();
  });

  it('casts before masking: the hash and the truncation see the cast value', async () => {
    // Arrange: decimal(10,4) 12.3456 cast to decimal(12,2) is 12.35
    await setMaskKey(connection, SALT);
    const price = { dataType: 'decimal', columnType: 'decimal(10,4)' };
    const plan = tablePlan([
      plannedColumn('id', { dataType: 'int' }, { athenaType: 'int', duckdbType: 'INTEGER' }),
      plannedColumn('price', price, text, {
        output: 'price_hash',
        cast: 'decimal(12,2)',
        mask: { kind: 'hash' },
      }),
      plannedColumn('price', price, text, {
        output: 'price_short',
        cast: 'decimal(12,2)',
        mask: { kind: 'truncate', length: 4 },
      }),
    ]);

    // Act
    const [first] = await run(plan);

    // Assert
    expect(first).toEqual({ id: 1, price_hash: hmac(SALT, '12.35'), price_short: '12.3' });
  });

  it('truncates to characters, keeping Korean and emoji whole', async () => {
    // Arrange
    const plan = tablePlan([
      plannedColumn('name', { dataType: 'varchar' }, text, { mask: { kind: 'truncate', length: 4 } }),
    ]);

    // Act
    const rows = await run(plan);

    // Assert
    expect(rows.map((row) => row.name)).toEqual(['한국어😀', null]);
  });

  it('redacts to the token or to a typed NULL', async () => {
    // Arrange
    const plan = tablePlan([
      plannedColumn('email', { dataType: 'varchar' }, text, { mask: { kind: 'redact', token: '[removed]' } }),
      plannedColumn(
        'born',
        { dataType: 'date' },
        { athenaType: 'date', duckdbType: 'DATE' },
        { mask: { kind: 'redact' } },
      ),
    ]);

    // Act
    const rows = await run(plan);

    // Assert
    expect(rows).toEqual([
      { email: '[removed]', born: null },
      { email: '[removed]', born: null },
    ]);
  });

  it('fails the query on a value the cast cannot hold (no TRY_CAST)', async () => {
    // Arrange
    const plan = tablePlan([
      plannedColumn(
        'email',
        { dataType: 'varchar' },
        { athenaType: 'int', duckdbType: 'INTEGER' },
        { cast: 'int' },
      ),
    ]);

    // Act
    const act = run(plan);

    // Assert
    await expect(act).rejects.toThrow(/Could not convert string 'kim@example.com' to INT32/);
  });

  it('derives partition keys from the curated value: zero-padded years, UTC wall clock, NULL for NULL', async () => {
    // Arrange
    const plan = tablePlan(
      [
        plannedColumn('id', { dataType: 'int' }, { athenaType: 'int', duckdbType: 'INTEGER' }),
        plannedColumn('born', { dataType: 'date' }, { athenaType: 'date', duckdbType: 'DATE' }),
        plannedColumn(
          'seen',
          { dataType: 'datetime', columnType: 'datetime(6)' },
          { athenaType: 'timestamp', duckdbType: 'TIMESTAMP' },
        ),
      ],
      {
        partitionKeys: [
          { name: 'born_year', column: 'born', granularity: 'year' },
          { name: 'seen_month', column: 'seen', granularity: 'month' },
          { name: 'seen_day', column: 'seen', granularity: 'day' },
          { name: 'id', column: 'id', granularity: 'value' },
        ],
      },
    );
    const relation = '(SELECT id, CAST(born AS VARCHAR) AS born, CAST(seen AS VARCHAR) AS seen FROM people)';

    // Act
    const rows = await run(plan, relation);

    // Assert: `id` is the partition column (text), no longer a data column
    expect(rows).toEqual([
      {
        born: '0001-01-05',
        seen: '2024-02-29 23:59:59.999999',
        born_year: '0001',
        seen_month: '2024-02',
        seen_day: '2024-02-29',
        id: '1',
      },
      { born: null, seen: null, born_year: null, seen_month: null, seen_day: null, id: '2' },
    ]);
  });

  it('reads and writes a column named a"b; DROP TABLE x; -- without running any of it', async () => {
    // Arrange
    const hostile = 'a"b; DROP TABLE x; --';
    await connection.run('CREATE TABLE x AS SELECT 1 AS keep');
    await connection.run(`CREATE TABLE hostile AS SELECT 'v' AS "a""b; DROP TABLE x; --"`);
    const plan = tablePlan([plannedColumn(hostile, { dataType: 'varchar' }, text)]);

    // Act
    const rows = await run(plan, 'hostile');

    // Assert
    expect(rows).toEqual([{ [hostile]: 'v' }]);
    expect(await queryRows(connection, 'SELECT keep FROM x')).toEqual([{ keep: 1 }]);
  });
});
