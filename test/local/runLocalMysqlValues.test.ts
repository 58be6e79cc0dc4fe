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
import { queryLocalCatalog } from '../../lib/local/queryLocalCatalog';
import { runLocal } from '../../lib/local/runLocal';
import { marketplaceSource, type TableInput } from '../helpers/configFactory';
import { connectMariadb, mariadbQuery, mariadbUrl } from '../helpers/databases';

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

/** Deterministic 32-bit random numbers (mulberry32), so a failure can be reproduced. */
function random32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
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
});
