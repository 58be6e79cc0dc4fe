/**
 * PostgreSQL values through both paths of `datalake local --source postgres://…` on the real
 * PostgreSQL: tables of its own (`zoo_pg_*`), run once as `snapshot-export` (the simulated RDS
 * export, then the transform) and once as `replica-query` (the extract), the values read back from
 * the curated Parquet with DuckDB and compared with the source's, read through `pg` and its own
 * array parser (checked against PostgreSQL's `array_to_json`).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseConfig } from '../../lib/config';
import { localLakePaths } from '../../lib/local/localCatalogPaths';
import { queryLocalCatalog } from '../../lib/local/queryLocalCatalog';
import { runLocal } from '../../lib/local/runLocal';
import { readRunLog } from '../../lib/local/runLog';
import type { TableInput } from '../helpers/configFactory';
import { postgresQuery, postgresUrl } from '../helpers/databases';

type Path = 'snapshot-export' | 'replica-query';
const PATHS: readonly Path[] = ['snapshot-export', 'replica-query'];

/** The lake config of one table of the payments database, run through one path. */
function zooConfig(path: Path, table: Omit<TableInput, 'mode'>, source: object = {}) {
  return parseConfig({
    name: 'zoo',
    pools: [{ name: 'small', maxConcurrency: 2 }],
    sources: [
      {
        name: 'payments',
        engine: 'postgres',
        database: 'payments',
        primary: { instanceIdentifier: 'payments-db' },
        credentialsSecretArn: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:payments-AbCdEf',
        includeTables: 'listed',
        tables: [{ ...table, mode: path, pool: 'small' }],
        ...source,
      },
    ],
  });
}

/** Runs one table through one path into a fresh lake. */
async function runPath(path: Path, table: Omit<TableInput, 'mode'>, lakes: string[], source: object = {}) {
  const lakeDir = mkdtempSync(join(tmpdir(), 'zoo-pg-'));
  lakes.push(lakeDir);
  const config = zooConfig(path, table, source);
  return runLocal({ config, lakeDir, sourceUrl: postgresUrl(), sourceName: 'payments' });
}

/** A SELECT over the lake a run wrote, its rows as DuckDB's JSON. */
async function lakeRows(run: Awaited<ReturnType<typeof runLocal>>, sql: string) {
  return (await queryLocalCatalog(run.catalogFile, sql.replaceAll('$db', run.database))).rows;
}

describe('PostgreSQL values through both local paths', () => {
  const lakes: string[] = [];
  afterEach(() => {
    for (const dir of lakes.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  describe('arrays', () => {
    const TABLE = 'zoo_pg_arrays';
    /** Every array column with its element type, the curated DuckDB type and how both sides print an element. */
    const COLUMNS = [
      { name: 't', type: 'text[]', duckdb: 'VARCHAR[]' },
      { name: 'v', type: 'varchar(20)[]', duckdb: 'VARCHAR[]' },
      { name: 'i', type: 'int[]', duckdb: 'INTEGER[]' },
      { name: 'b', type: 'bigint[]', duckdb: 'BIGINT[]' },
      { name: 'n', type: 'numeric(12,3)[]', duckdb: 'DECIMAL(12,3)[]' },
      { name: 'nu', type: 'numeric[]', duckdb: 'VARCHAR[]' },
      { name: 'bo', type: 'boolean[]', duckdb: 'BOOLEAN[]' },
      { name: 'd', type: 'date[]', duckdb: 'DATE[]' },
      { name: 'ts', type: 'timestamp[]', duckdb: 'TIMESTAMP[]' },
      { name: 'tz', type: 'timestamptz[]', duckdb: 'TIMESTAMP[]' },
      { name: 'u', type: 'uuid[]', duckdb: 'VARCHAR[]' },
      { name: 'j', type: 'jsonb[]', duckdb: 'VARCHAR[]' },
      { name: 'm', type: 'zoo_pg_mood[]', duckdb: 'VARCHAR[]' },
      { name: 'g', type: 'int[][]', duckdb: 'INTEGER[][]' },
    ] as const;
    const EVIL = String.raw`ARRAY['{}', 'a{b', '}', ',', '', 'back\slash', 'quote"', 'NULL', NULL, 'it''s', '[x]', '  lead', '한국어', '😀', E'tab\there', 'x y']`;
    const ROWS = [
      `1, ${EVIL}, ARRAY['{a}', 'NULL', NULL, ''], '{-2147483648,0,2147483647,NULL}', '{-9223372036854775808,9223372036854775807}',
       '{-123456789.123,0.000,1.5,NULL}', '{0.00000000000000000001,123456789012345678901234567890123456789012.5,NaN,-0}',
       '{t,f,NULL}', '{0001-01-01,1582-10-10,9999-12-31,NULL}',
       '{"0001-01-01 00:00:00","2024-02-29 23:59:59.999999",NULL}', '{"2024-01-02 03:04:05.123456+00","2024-01-02 03:04:05+05:30"}',
       '{00000000-0000-0000-0000-000000000000,a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11}',
       ARRAY['{"a": [1, "}"]}'::jsonb, '"NULL"'::jsonb, NULL, '{}'::jsonb], '{happy,sad,NULL}', '{{1,2},{3,NULL}}', ${EVIL}`,
      `2, '{}', '{}', '{}', '{}', '{}', '{}', '{}', '{}', '{}', '{}', '{}', '{}', '{}', '{}', '{}'`,
      '3, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL',
      `4, '[0:1]={x,y}', '[5:5]={z}', '[0:2]={7,8,9}', '[-1:-1]={1}', '{1}', '{1}', '[2:3]={t,f}', '{2024-01-01}', '{"2024-01-01 00:00:00"}',
       '{"2024-01-01 00:00:00+00"}', '{}', '{}', '[0:0]={sad}', '[-1:0][1:2]={{1,2},{3,4}}', '[0:0]={"{x}"}'`,
    ];

    beforeAll(async () => {
      await postgresQuery(`DROP TABLE IF EXISTS ${TABLE}`);
      await postgresQuery('DROP TYPE IF EXISTS zoo_pg_mood');
      await postgresQuery("CREATE TYPE zoo_pg_mood AS ENUM ('happy', 'sad')");
      const columns = COLUMNS.map((column) => `${column.name} ${column.type}`).join(', ');
      await postgresQuery(`CREATE TABLE ${TABLE} (id int PRIMARY KEY, ${columns}, tc text[])`);
      await postgresQuery(`INSERT INTO ${TABLE} VALUES ${ROWS.map((row) => `(${row})`).join(', ')}`);
    });
    afterAll(async () => {
      await postgresQuery(`DROP TABLE IF EXISTS ${TABLE}, zoo_pg_arrays_deep`);
      await postgresQuery('DROP TYPE IF EXISTS zoo_pg_mood');
    });

    /**
     * The source's elements as text, nested per dimension, bounds dropped: each column cast to
     * `text[]` and parsed by pg's own array parser (timestamps printed as the curated UTC wall clock).
     */
    async function sourceElements(): Promise<unknown[][]> {
      const select = COLUMNS.map((column) => {
        if (column.name === 'ts' || column.name === 'tz') {
          const zone = column.name === 'tz' ? " AT TIME ZONE 'UTC'" : '';
          return `ARRAY(SELECT to_char(x${zone}, 'YYYY-MM-DD HH24:MI:SS.US') FROM unnest(${column.name}) WITH ORDINALITY AS e(x, o) ORDER BY o) AS ${column.name}`;
        }
        if (column.name === 'bo') return 'bo::text[] AS bo';
        return `${column.name}::text[] AS ${column.name}`;
      });
      const rows = await postgresQuery(`SELECT id, ${select.join(', ')} FROM ${TABLE} ORDER BY id`);
      // NULL arrays stay NULL (ARRAY(SELECT … FROM unnest(NULL)) is empty).
      const nulls = await postgresQuery(
        `SELECT id, ts IS NULL AS ts, tz IS NULL AS tz FROM ${TABLE} ORDER BY id`,
      );
      return rows.map((row, index) => [
        row.id,
        ...COLUMNS.map((column) =>
          (column.name === 'ts' || column.name === 'tz') && nulls[index]?.[column.name] === true
            ? null
            : row[column.name],
        ),
      ]);
    }

    /** The curated elements printed as PostgreSQL prints them: each one cast to VARCHAR (timestamps with six fraction digits). */
    function curatedSelect(): string {
      const select = COLUMNS.map((column) => {
        const element =
          column.name === 'ts' || column.name === 'tz'
            ? `strftime(x, '%Y-%m-%d %H:%M:%S.%f')`
            : 'CAST(x AS VARCHAR)';
        return column.name === 'g'
          ? `list_transform(g, lambda r: list_transform(r, lambda x: ${element}))`
          : `list_transform(${column.name}, lambda x: ${element})`;
      });
      return `SELECT id, ${select.join(', ')} FROM $db.${TABLE} ORDER BY id`;
    }

    it("reads the source's elements with pg's array parser as PostgreSQL's own array_to_json has them", async () => {
      // Act
      const parsed = await sourceElements();
      const json = await postgresQuery(
        `SELECT id, array_to_json(t::text[]) AS t, array_to_json(g::text[]) AS g, array_to_json(i::text[]) AS i FROM ${TABLE} ORDER BY id`,
      );

      // Assert
      expect(parsed.map((row) => [row[0], row[1], row[14], row[3]])).toEqual(
        json.map((row) => [row.id, row.t, row.g, row.i]),
      );
      expect(parsed[0]?.[1]).toEqual([
        '{}',
        'a{b',
        '}',
        ',',
        '',
        'back\\slash',
        'quote"',
        'NULL',
        null,
        "it's",
        '[x]',
        '  lead',
        '한국어',
        '😀',
        'tab\there',
        'x y',
      ]);
    });

    it.each(PATHS)(
      'lands every element of every array exactly through %s, as a nested Athena array, enums included',
      async (path) => {
        // Arrange
        const expected = await sourceElements();
        const sourceText = await postgresQuery(`SELECT id, tc::text AS tc FROM ${TABLE} ORDER BY id`);

        // Act
        const run = await runPath(path, { name: TABLE, columns: { tc: { cast: 'string' } } }, lakes);
        const rows = await lakeRows(run, curatedSelect());
        const types = await lakeRows(
          run,
          `SELECT ${[...COLUMNS.map((column) => `typeof(${column.name})`), 'typeof(tc)'].join(', ')} FROM $db.${TABLE} LIMIT 1`,
        );
        const castText = await lakeRows(run, `SELECT id, tc FROM $db.${TABLE} ORDER BY id`);

        // Assert
        expect(run.status).toBe('SUCCEEDED');
        for (const [index, row] of expected.entries()) expect(rows[index]).toEqual(row);
        expect(rows).toHaveLength(expected.length);
        expect(types[0]).toEqual([...COLUMNS.map((column) => column.duckdb), 'VARCHAR']);
        expect(castText).toEqual(sourceText.map((row) => [row.id, row.tc]));
        expect(castText[0]?.[1]).toMatch(
          /^\{"\{\}","a\{b","\}",",","","back\\\\slash","quote\\"","NULL",NULL,it's,/,
        );
      },
    );

    it.each(PATHS)(
      'fails the table through %s on a value nested deeper than declared, naming the column',
      async (path) => {
        // Arrange
        const table = 'zoo_pg_arrays_deep';
        await postgresQuery(`DROP TABLE IF EXISTS ${table}`);
        await postgresQuery(`CREATE TABLE ${table} (id int PRIMARY KEY, i int[])`);
        await postgresQuery(`INSERT INTO ${table} VALUES (1, '{1}'), (2, '{{1,2},{3,4}}')`);
        const lakeDir = mkdtempSync(join(tmpdir(), 'zoo-pg-'));
        lakes.push(lakeDir);

        // Act
        const run = runLocal({
          config: zooConfig(path, { name: table }),
          lakeDir,
          sourceUrl: postgresUrl(),
          sourceName: 'payments',
        });

        // Assert
        await expect(run).rejects.toThrow(/zoo_pg_arrays_deep/);
        const [logged] = await readRunLog(localLakePaths(lakeDir).runLog);
        expect(logged?.tables.find((entry) => entry.table === table)?.error).toMatch(
          /expected a 1-dimensional PostgreSQL array in "i", got: \{\{1,2\},\{3,4\}\}/,
        );
      },
    );
  });

  describe('numeric without precision', () => {
    const TABLE = 'zoo_pg_numerics';
    const VALUES = [
      '0.00000000000000000001',
      '123456789012345678901234567890123456789012.5',
      'NaN',
      '-1.50',
      '0',
    ];

    beforeAll(async () => {
      await postgresQuery(`DROP TABLE IF EXISTS ${TABLE}`);
      await postgresQuery(`CREATE TABLE ${TABLE} (id int PRIMARY KEY, n numeric, small numeric)`);
      const rows = VALUES.map((value, id) => `(${id}, '${value}', ${id === 1 ? "'12.5'" : "'-0.25'"})`);
      await postgresQuery(`INSERT INTO ${TABLE} VALUES ${rows.join(', ')}, (99, NULL, NULL)`);
    });
    afterAll(() => postgresQuery(`DROP TABLE IF EXISTS ${TABLE}`));

    it.each(PATHS)('lands its exact text through %s by default (unboundedNumeric: string)', async (path) => {
      // Arrange
      const source = await postgresQuery(`SELECT id, n::text AS n FROM ${TABLE} ORDER BY id`);

      // Act
      const run = await runPath(path, { name: TABLE, columns: { small: { drop: true } } }, lakes);
      const rows = await lakeRows(run, `SELECT id, n, typeof(n) FROM $db.${TABLE} ORDER BY id`);

      // Assert
      expect(run.status).toBe('SUCCEEDED');
      expect(rows).toEqual(source.map((row) => [row.id, row.n, 'VARCHAR']));
    });

    it.each(PATHS)('lands decimal(38,4) through %s with unboundedNumeric: decimal(38,4)', async (path) => {
      // Act
      const run = await runPath(path, { name: TABLE, columns: { n: { drop: true } } }, lakes, {
        unboundedNumeric: 'decimal(38,4)',
      });
      const rows = await lakeRows(
        run,
        `SELECT id, CAST(small AS VARCHAR), typeof(small) FROM $db.${TABLE} ORDER BY id`,
      );

      // Assert
      expect(run.status).toBe('SUCCEEDED');
      expect(rows).toEqual([
        [0, '-0.2500', 'DECIMAL(38,4)'],
        [1, '12.5000', 'DECIMAL(38,4)'],
        [2, '-0.2500', 'DECIMAL(38,4)'],
        [3, '-0.2500', 'DECIMAL(38,4)'],
        [4, '-0.2500', 'DECIMAL(38,4)'],
        [99, null, 'DECIMAL(38,4)'],
      ]);
    });

    it.each(PATHS)(
      'fails the table through %s on a value decimal(38,4) would round, naming it',
      async (path) => {
        // Arrange
        const lakeDir = mkdtempSync(join(tmpdir(), 'zoo-pg-'));
        lakes.push(lakeDir);
        const config = zooConfig(
          path,
          { name: TABLE, columns: { small: { drop: true } } },
          { unboundedNumeric: 'decimal(38,4)' },
        );

        // Act
        const run = runLocal({ config, lakeDir, sourceUrl: postgresUrl(), sourceName: 'payments' });

        // Assert
        await expect(run).rejects.toThrow(/zoo_pg_numerics/);
        const [logged] = await readRunLog(localLakePaths(lakeDir).runLog);
        expect(logged?.tables.find((entry) => entry.table === TABLE)?.error).toMatch(
          /expected a numeric that fits decimal\(38,4\) without rounding \(unboundedNumeric\) in "n", got: /,
        );
      },
    );
  });

  describe('an oid column', () => {
    const TABLE = 'zoo_pg_oids';

    beforeAll(async () => {
      await postgresQuery(`DROP TABLE IF EXISTS ${TABLE}`);
      await postgresQuery(`CREATE TABLE ${TABLE} (id int PRIMARY KEY, o oid, r regclass, name text)`);
      await postgresQuery(`INSERT INTO ${TABLE} VALUES (1, 12345, 'pg_class', 'a'), (2, NULL, NULL, 'b')`);
    });
    afterAll(() => postgresQuery(`DROP TABLE IF EXISTS ${TABLE}`));

    it.each(PATHS)('fails the plan through %s advising to drop it', async (path) => {
      // Arrange
      const lakeDir = mkdtempSync(join(tmpdir(), 'zoo-pg-'));
      lakes.push(lakeDir);

      // Act
      const run = runLocal({
        config: zooConfig(path, { name: TABLE }),
        lakeDir,
        sourceUrl: postgresUrl(),
        sourceName: 'payments',
      });

      // Assert
      await expect(run).rejects.toThrow(/zoo_pg_oids/);
      const [logged] = await readRunLog(localLakePaths(lakeDir).runLog);
      expect(JSON.stringify(logged)).toMatch(
        /column \\"o\\" type \\"oid\\" is an object identifier.*`drop` the column/,
      );
    });

    it.each(PATHS)(
      'lands the table through %s once the advice is followed: the dropped columns are never read',
      async (path) => {
        // Act
        const run = await runPath(
          path,
          { name: TABLE, columns: { o: { drop: true }, r: { drop: true } } },
          lakes,
        );
        const rows = await lakeRows(run, `SELECT * FROM $db.${TABLE} ORDER BY id`);

        // Assert
        expect(run.status).toBe('SUCCEEDED');
        expect(rows).toEqual([
          [1, 'a'],
          [2, 'b'],
        ]);
        expect(run.tables).toEqual([expect.objectContaining({ table: TABLE, dropped: ['o', 'r'] })]);
      },
    );
  });
});
