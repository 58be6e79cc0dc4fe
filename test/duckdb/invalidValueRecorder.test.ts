/**
 * The invalid-date branch of the curating SELECT on the real engine: MySQL dates that are no
 * calendar date, as each path lands them (text; the export's TIMESTAMP_MICROS), counted by the
 * recorder and landed NULL, or failing the query under `invalidDates: fail`.
 */
import type { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { buildTransformSql, invalidDateSql } from '../../lib/core/transform';
import {
  openDuckdb,
  openInvalidValueRecorder,
  queryRows,
  registerInvalidValueFunction,
} from '../../lib/duckdb';
import { plannedColumn, tablePlan } from '../helpers/tablePlanFactory';

const plan = tablePlan([
  plannedColumn('id', { dataType: 'int' }, { athenaType: 'int', duckdbType: 'INTEGER' }),
  plannedColumn('d', { dataType: 'date' }, { athenaType: 'date', duckdbType: 'DATE' }),
  plannedColumn(
    'dt',
    { dataType: 'datetime', columnType: 'datetime(6)' },
    { athenaType: 'timestamp', duckdbType: 'TIMESTAMP' },
  ),
]);

let duckdb: DuckDBInstance;
let connection: DuckDBConnection;

beforeAll(async () => {
  duckdb = await openDuckdb({ threads: 2 });
  connection = await duckdb.connect();
  registerInvalidValueFunction(connection);
  // The replica lands text; the export writes DATE as text and DATETIME as TIMESTAMP_MICROS.
  await connection.run(`CREATE TABLE replica AS SELECT * FROM (VALUES
    (1, '0000-00-00', '0000-00-00 00:00:00.000000'),
    (2, '2024-00-15', '2024-02-00 10:00:00'),
    (3, '2024-02-30', '0000-01-01 00:00:00'),
    (4, '0001-01-01', '0001-01-01 00:00:00'),
    (5, '9999-12-31', '9999-12-31 23:59:59.999999'),
    (6, NULL, NULL)
  ) AS t(id, d, dt)`);
  await connection.run(`CREATE TABLE export AS SELECT id, d, CASE id
    WHEN 1 THEN make_timestamp(-62135596800000001)
    WHEN 2 THEN TIMESTAMP '0001-12-31 (BC) 00:00:00'
    WHEN 4 THEN TIMESTAMP '0001-01-01 00:00:00'
    WHEN 5 THEN TIMESTAMP '9999-12-31 23:59:59.999999' END AS dt FROM replica`);
});

afterAll(() => {
  connection.closeSync();
  duckdb.closeSync();
});

async function curate(path: 'export' | 'replica', mode: 'null' | 'fail') {
  const recorder = openInvalidValueRecorder(mode);
  try {
    const { sql } = buildTransformSql(plan, { relation: path, path, invalidValues: recorder.id });
    const rows = await queryRows(
      connection,
      `SELECT id, CAST(d AS VARCHAR) AS d, CAST(dt AS VARCHAR) AS dt FROM (${sql}) ORDER BY id`,
    ).catch((error: unknown) => error);
    return { rows, counts: Object.fromEntries(recorder.counts), failure: recorder.failure };
  } finally {
    recorder.close();
  }
}

describe('invalid MySQL dates in the curating SELECT', () => {
  it.each(['export', 'replica'] as const)(
    'lands zero, partial-zero and impossible dates from the %s as NULL and counts them per column',
    async (path) => {
      // Act
      const { rows, counts } = await curate(path, 'null');

      // Assert: column 1 is d, column 2 is dt; valid values, 0001-01-01 and 9999-12-31 included, unchanged
      expect(rows).toEqual([
        { id: 1, d: null, dt: null },
        { id: 2, d: null, dt: null },
        { id: 3, d: null, dt: null },
        { id: 4, d: '0001-01-01', dt: '0001-01-01 00:00:00' },
        { id: 5, d: '9999-12-31', dt: '9999-12-31 23:59:59.999999' },
        { id: 6, d: null, dt: null },
      ]);
      // Row 3's datetime is NULL in the export table here: a NULL lands NULL, uncounted.
      expect(counts).toEqual({ 1: 3, 2: path === 'replica' ? 3 : 2 });
    },
  );

  it.each(['export', 'replica'] as const)(
    'fails the query on the first one from the %s under invalidDates: fail, keeping the column and value',
    async (path) => {
      // Act
      const { rows, failure } = await curate(path, 'fail');

      // Assert
      // DuckDB's error comes from another realm under jest: read its message, not its class.
      expect(String(Reflect.get(rows as object, 'message'))).toMatch(/invalidDates: fail/);
      expect(failure).toEqual({ column: expect.any(Number), value: expect.any(String) });
      expect(['0000-00-00', '0000-00-00 00:00:00.000000', '0001-12-31 (BC) 23:59:59.999999']).toContain(
        failure?.value,
      );
    },
  );

  it('fails a query whose recorder is closed instead of dropping values uncounted', async () => {
    // Arrange
    const recorder = openInvalidValueRecorder('null');
    const { sql } = buildTransformSql(plan, {
      relation: 'replica',
      path: 'replica',
      invalidValues: recorder.id,
    });
    recorder.close();

    // Act
    const act = queryRows(connection, sql);

    // Assert
    await expect(act).rejects.toThrow(/no open recorder/);
  });

  it('finds nothing in a PostgreSQL date or in a MySQL column of another type', () => {
    expect(invalidDateSql({ engine: 'postgres', dataType: 'date' }, 'replica', '"d"')).toBeUndefined();
    expect(invalidDateSql({ engine: 'mysql', dataType: 'time' }, 'replica', '"t"')).toBeUndefined();
  });
});
