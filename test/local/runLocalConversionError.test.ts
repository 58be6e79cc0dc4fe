/**
 * Issue 17, deliverable 5 on the real servers: a value that does not convert fails its table with
 * an error that names `schema.table.column`, the column's source and curated types and the
 * offending row (its key on the replica path; on the snapshot path, whose export carries no key,
 * its place in the part the error names), never the transform's positional alias (`c1`), on both
 * paths and both engines.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseConfig } from '../../lib/config';
import { runLocal } from '../../lib/local/runLocal';
import { mariadbQuery, mariadbUrl, postgresQuery, postgresUrl } from '../helpers/databases';
import { expectNoColumnAlias } from '../helpers/expectNoColumnAlias';

type Engine = 'mysql' | 'postgres';
const TABLE = 'zoo_conv_values';

function config(engine: Engine, mode: 'snapshot-export' | 'replica-query') {
  return parseConfig({
    name: 'zoo-conv',
    sources: [
      {
        name: 'zoo',
        engine,
        database: engine === 'mysql' ? 'marketplace' : 'payments',
        primary: { instanceIdentifier: 'zoo-db' },
        credentialsSecretArn: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:zoo-AbCdEf',
        defaultMode: mode,
        includeTables: 'listed',
        tables: [{ name: TABLE, columns: { code: { cast: 'int' } } }],
      },
    ],
  });
}

let lakeDir: string;

beforeAll(async () => {
  await mariadbQuery(`DROP TABLE IF EXISTS ${TABLE}`);
  await mariadbQuery(`CREATE TABLE ${TABLE} (id INT PRIMARY KEY, note TEXT, code VARCHAR(20))`);
  await mariadbQuery(
    `INSERT INTO ${TABLE} VALUES (1, 'a', '5'), (2, 'b', '7'), (30, 'c', 'x9'), (40, 'd', 'y1')`,
  );
  await postgresQuery(`DROP TABLE IF EXISTS ${TABLE}`);
  await postgresQuery(`CREATE TABLE ${TABLE} (id int PRIMARY KEY, note text, code varchar(20))`);
  await postgresQuery(
    `INSERT INTO ${TABLE} VALUES (1, 'a', '5'), (2, 'b', '7'), (30, 'c', 'x9'), (40, 'd', 'y1')`,
  );
});

afterAll(async () => {
  await mariadbQuery(`DROP TABLE IF EXISTS ${TABLE}`);
  await postgresQuery(`DROP TABLE IF EXISTS ${TABLE}`);
});

beforeEach(() => {
  lakeDir = mkdtempSync(join(tmpdir(), 'zoo-conv-'));
});
afterEach(() => rmSync(lakeDir, { recursive: true, force: true }));

describe('a value that does not convert', () => {
  it.each([
    ['mysql', 'snapshot-export'],
    ['mysql', 'replica-query'],
    ['postgres', 'snapshot-export'],
    ['postgres', 'replica-query'],
  ] as const)(
    'fails the %s table on %s naming schema.table.column, its types and the row',
    async (engine, mode) => {
      // Act
      const attempt = runLocal({
        config: config(engine, mode),
        lakeDir,
        sourceUrl: engine === 'mysql' ? mariadbUrl() : postgresUrl(),
      });

      // Assert
      await expect(attempt).rejects.toThrow();
      const logged = JSON.parse(readFileSync(join(lakeDir, 'runs.json'), 'utf8')) as {
        runs: { tables: { table: string; error?: string }[] }[];
      };
      const error = logged.runs[0]?.tables.find((table) => table.table === TABLE)?.error ?? '';
      const schema = engine === 'mysql' ? 'marketplace' : 'public';
      const type = engine === 'mysql' ? 'varchar\\(20\\)' : 'character varying\\(20\\)';
      // The replica path names the row by its key; the snapshot export carries no key, so the row's place in its part.
      const row = mode === 'replica-query' ? 'key id = "30"' : 'row 2 of the part, from 0';
      expect(error).toMatch(
        new RegExp(
          `Column ${schema}\\.${TABLE}\\.code \\(${type}, curated as int\\) holds a value that does not convert \\(${row.replace(/[()]/g, '\\$&')}\\): Conversion Error: Could not convert string 'x9' to INT32 when casting from source column code`,
        ),
      );
      expectNoColumnAlias(error);
    },
  );
});
