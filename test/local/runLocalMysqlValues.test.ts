/**
 * MySQL/MariaDB values through both paths of `datalake local --source mysql://…` on the real
 * MariaDB: each table of its own (`zoo_mysql_*`), run once as `snapshot-export` (the simulated RDS
 * export, then the transform) and once as `replica-query` (the extract), and the values read back
 * from the curated Parquet with DuckDB compared with the source's.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RowDataPacket } from 'mysql2/promise';
import { parseConfig } from '../../lib/config';
import { localLakePaths } from '../../lib/local/localCatalogPaths';
import { queryLocalCatalog } from '../../lib/local/queryLocalCatalog';
import { runLocal } from '../../lib/local/runLocal';
import { readRunLog } from '../../lib/local/runLog';
import { marketplaceSource, type TableInput } from '../helpers/configFactory';
import { connectMariadb, mariadbQuery, mariadbUrl } from '../helpers/databases';
import { expectNoColumnAlias } from '../helpers/expectNoColumnAlias';
import { random32 } from '../helpers/random32';

type Path = 'snapshot-export' | 'replica-query';
const PATHS: readonly Path[] = ['snapshot-export', 'replica-query'];

/** Runs one source table through one path into a fresh lake and returns the run and where it landed. */
async function runPath(path: Path, table: Omit<TableInput, 'mode'>, source: object = {}) {
  const lakeDir = mkdtempSync(join(tmpdir(), 'zoo-mysql-'));
  const config = parseConfig({
    name: 'zoo',
    pools: [{ name: 'small', maxConcurrency: 2 }],
    sources: [
      marketplaceSource({
        includeTables: 'listed',
        tables: [{ ...table, mode: path, pool: 'small' }],
        ...source,
      }),
    ],
  });
  const run = await runLocal({ config, lakeDir, sourceUrl: mariadbUrl(), sourceName: 'service' });
  return { run, lakeDir };
}

/** A SELECT over the lake a run wrote, its rows as DuckDB's JSON (DOUBLE as a JS number, exactly). */
async function lakeRows(run: Awaited<ReturnType<typeof runLocal>>, sql: string) {
  return (await queryLocalCatalog(run.catalogFile, sql.replaceAll('$db', run.database))).rows;
}

/** A float32 from its bits. */
function float32(bits: number): number {
  const view = new DataView(new ArrayBuffer(4));
  view.setUint32(0, bits >>> 0);
  return view.getFloat32(0);
}

describe('MySQL values through both local paths (MariaDB)', () => {
  const lakes: string[] = [];
  afterEach(() => {
    for (const dir of lakes.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  describe('FLOAT', () => {
    const TABLE = 'zoo_mysql_floats';
    /** 0, -0, the smallest and largest normal and subnormal floats of both signs, 1/7, then random bit patterns. */
    const values: number[] = [
      0,
      -0,
      float32(0x00800000),
      -float32(0x00800000),
      float32(0x7f7fffff),
      -float32(0x7f7fffff),
      float32(0x00000001),
      -float32(0x00000001),
      float32(0x007fffff),
      Math.fround(1 / 7),
    ];
    const next = random32(17);
    while (values.length < 2000) {
      const value = float32(next());
      // MariaDB stores no NaN or infinity.
      if (Number.isFinite(value)) values.push(value);
    }

    beforeAll(async () => {
      await mariadbQuery(`DROP TABLE IF EXISTS ${TABLE}`);
      await mariadbQuery(`CREATE TABLE ${TABLE} (id INT PRIMARY KEY, f FLOAT)`);
      // String(x) of a float32 is a decimal the server reads back to that very float.
      const rows = values.map((value, id) => `(${id}, ${Object.is(value, -0) ? '-0e0' : String(value)})`);
      await mariadbQuery(`INSERT INTO ${TABLE} VALUES ${rows.join(', ')}`);
    });
    afterAll(() => mariadbQuery(`DROP TABLE IF EXISTS ${TABLE}`));

    it('stores the values as float32 (read through the binary protocol), -0 as 0', async () => {
      // Act
      const connection = await connectMariadb();
      const [stored] = await connection
        .execute<RowDataPacket[]>(`SELECT id, f FROM ${TABLE} ORDER BY id`)
        .finally(() => connection.end());

      // Assert: MariaDB keeps no negative zero; every other value is the float inserted.
      expect(stored.map((row) => row.f)).toEqual(values.map((value) => (Object.is(value, -0) ? 0 : value)));
    });

    it.each(PATHS)('lands every float bit-exact through %s', async (path) => {
      // Arrange
      const expected = values.map((value, id) => [id, Object.is(value, -0) ? 0 : Math.fround(value)]);

      // Act
      const { run, lakeDir } = await runPath(path, { name: TABLE });
      lakes.push(lakeDir);
      const rows = await lakeRows(run, `SELECT id, CAST(f AS DOUBLE) AS f FROM $db.${TABLE} ORDER BY id`);
      const [type] = await lakeRows(run, `SELECT typeof(f) FROM $db.${TABLE} LIMIT 1`);

      // Assert
      expect(run.status).toBe('SUCCEEDED');
      expect(type).toEqual(['FLOAT']);
      const differing = rows.filter((row, index) => !Object.is(row[1], expected[index]?.[1]));
      expect(differing.slice(0, 5)).toEqual([]);
      expect(rows).toHaveLength(values.length);
    });
  });

  describe('zero, partial-zero and impossible dates', () => {
    const TABLE = 'zoo_mysql_dates';
    // Stored under a sql_mode without NO_ZERO_DATE/NO_ZERO_IN_DATE and with ALLOW_INVALID_DATES.
    // Each row: id, DATE, DATETIME, DATETIME(6), TIMESTAMP (TIMESTAMP holds no partial zero).
    const ROWS: readonly (readonly [number, string | null, string | null, string | null, string | null])[] = [
      [1, '0000-00-00', '0000-00-00 00:00:00', '0000-00-00 00:00:00.000000', '0000-00-00 00:00:00'],
      [2, '2024-00-15', '2024-00-15 10:00:00', '2024-02-00 10:00:00.123456', null],
      [3, '2024-02-00', '2024-02-30 10:00:00', '0000-01-01 00:00:00.000001', null],
      [4, '0000-01-01', '2024-13-01 00:00:00', null, null],
      [5, '0001-01-01', '1582-10-10 00:00:00', '9999-12-31 23:59:59.999999', '2038-01-19 03:14:07'],
      [6, '2024-02-29', '1000-01-01 00:00:00', '1970-01-01 00:00:00.000001', '1970-01-01 00:00:01'],
      [7, null, null, null, null],
    ];
    const INVALID = new Set([
      '0000-00-00',
      '0000-00-00 00:00:00',
      '0000-00-00 00:00:00.000000',
      '2024-00-15',
      '2024-00-15 10:00:00',
      '2024-02-00 10:00:00.123456',
      '2024-02-00',
      '2024-02-30 10:00:00',
      '0000-01-01 00:00:00.000001',
      '0000-01-01',
      '2024-13-01 00:00:00',
    ]);
    const COLUMNS = ['d', 'dt', 'dt6', 'ts'] as const;

    beforeAll(async () => {
      const connection = await connectMariadb();
      try {
        await connection.query(`DROP TABLE IF EXISTS ${TABLE}`);
        await connection.query(
          `CREATE TABLE ${TABLE} (id INT PRIMARY KEY, d DATE, dt DATETIME, dt6 DATETIME(6), ts TIMESTAMP NULL DEFAULT NULL)`,
        );
        await connection.query("SET SESSION sql_mode = 'ALLOW_INVALID_DATES'");
        for (const row of ROWS)
          await connection.query(`INSERT INTO ${TABLE} VALUES (?, ?, ?, ?, ?)`, [...row]);
      } finally {
        await connection.end();
      }
    });
    afterAll(() => mariadbQuery(`DROP TABLE IF EXISTS ${TABLE}`));

    it('holds the values as MySQL prints them', async () => {
      // Act
      const stored = await mariadbQuery(`SELECT id, d, dt, dt6, ts FROM ${TABLE} ORDER BY id`);

      // Assert: what the server holds is what the paths read (a month 13 is stored as zero)
      expect(stored.map((row) => [row.id, row.d, row.dt, row.dt6, row.ts])).toEqual(
        ROWS.map((row) => (row[0] === 4 ? [4, row[1], '0000-00-00 00:00:00', row[3], row[4]] : [...row])),
      );
    });

    it.each(PATHS)(
      'lands them as NULL through %s by default, counted per column in the run log, every other value exact',
      async (path) => {
        // Arrange
        const stored = await mariadbQuery(`SELECT id, d, dt, dt6, ts FROM ${TABLE} ORDER BY id`);
        const expected = stored.map((row) => [
          row.id,
          ...COLUMNS.map((column) => {
            const value = row[column] as string | null;
            return value === null || INVALID.has(value) ? null : value;
          }),
        ]);
        const counts = Object.fromEntries(
          COLUMNS.map((column) => [
            column,
            stored.filter((row) => INVALID.has(row[column] as string)).length,
          ]).filter(([, count]) => count !== 0),
        );

        // Act
        const { run, lakeDir } = await runPath(path, { name: TABLE });
        lakes.push(lakeDir);
        const rows = await lakeRows(
          run,
          `SELECT id, strftime(d, '%Y-%m-%d'), strftime(dt, '%Y-%m-%d %H:%M:%S'), strftime(dt6, '%Y-%m-%d %H:%M:%S.%f'), strftime(ts, '%Y-%m-%d %H:%M:%S') FROM $db.${TABLE} ORDER BY id`,
        );

        // Assert
        expect(run.status).toBe('SUCCEEDED');
        expect(rows).toEqual(expected);
        expect(counts).toEqual({ d: 4, dt: 4, dt6: 3, ts: 1 });
        expect(run.tables).toEqual([expect.objectContaining({ table: TABLE, invalidValuesNulled: counts })]);
      },
    );

    it.each(PATHS)(
      'fails the table through %s under invalidDates: fail, naming schema.table.column, its type, the value and the fix',
      async (path) => {
        // Act
        const lakeDir = mkdtempSync(join(tmpdir(), 'zoo-mysql-'));
        lakes.push(lakeDir);
        const config = parseConfig({
          name: 'zoo',
          pools: [{ name: 'small', maxConcurrency: 2 }],
          sources: [
            marketplaceSource({
              includeTables: 'listed',
              invalidDates: 'fail',
              tables: [{ name: TABLE, mode: path, pool: 'small' }],
            }),
          ],
        });
        const run = runLocal({ config, lakeDir, sourceUrl: mariadbUrl(), sourceName: 'service' });

        // Assert: the run fails, and the run log says why the table did
        await expect(run).rejects.toThrow(/zoo_mysql_dates/);
        const [logged] = await readRunLog(localLakePaths(lakeDir).runLog);
        const failed = logged?.tables.find((table) => table.table === TABLE)?.error;
        expect(failed).toMatch(
          /Column marketplace\.zoo_mysql_dates\.(d|dt|dt6|ts) \((date|datetime|datetime\(6\)|timestamp)\) holds "[^"]+", which is no calendar date/,
        );
        expect(failed).toMatch(/Set invalidDates: null on the source/);
        expectNoColumnAlias(failed);
      },
    );
  });

  describe('a dropped column', () => {
    const TABLE = 'zoo_mysql_dropped_dates';

    beforeAll(async () => {
      const connection = await connectMariadb();
      try {
        await connection.query(`DROP TABLE IF EXISTS ${TABLE}`);
        await connection.query(`CREATE TABLE ${TABLE} (id INT PRIMARY KEY, born DATE, legacy DATETIME)`);
        await connection.query("SET SESSION sql_mode = ''");
        await connection.query(
          `INSERT INTO ${TABLE} VALUES (1, '1990-05-17', '0000-00-00 00:00:00'), (2, NULL, '2024-00-15 10:00:00')`,
        );
      } finally {
        await connection.end();
      }
    });
    afterAll(() => mariadbQuery(`DROP TABLE IF EXISTS ${TABLE}`));

    it.each(PATHS)('holding zero dates does not fail %s, even under invalidDates: fail', async (path) => {
      // Act
      const { run, lakeDir } = await runPath(
        path,
        { name: TABLE, columns: { legacy: { drop: true } } },
        { invalidDates: 'fail' },
      );
      lakes.push(lakeDir);
      const rows = await lakeRows(run, `SELECT * FROM $db.${TABLE} ORDER BY id`);

      // Assert
      expect(run.status).toBe('SUCCEEDED');
      expect(rows).toEqual([
        [1, '1990-05-17'],
        [2, null],
      ]);
      expect(run.tables).toEqual([expect.objectContaining({ table: TABLE, dropped: ['legacy'] })]);
      expect(run.tables[0]?.invalidValuesNulled).toBeUndefined();
    });
  });
});
