/**
 * Issue 17, deliverable 6 in local mode: a 5 MiB and a 20 MiB value in MariaDB LONGTEXT/LONGBLOB
 * and PostgreSQL text/bytea land through both paths (the simulated snapshot export and the replica
 * extract) with the source's sha256, read back from the curated Parquet. MariaDB runs with
 * max_allowed_packet = 32 MiB: enough for a 20 MiB value, too little for its hex.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseConfig } from '../../lib/config';
import { quoteLiteral } from '../../lib/core/transform';
import { openDuckdb, queryRows, withConnection } from '../../lib/duckdb';
import { runLocal } from '../../lib/local/runLocal';
import { mariadbQuery, mariadbUrl, postgresQuery, postgresUrl } from '../helpers/databases';

type Engine = 'mysql' | 'postgres';
const TABLE = 'zoo_size_local';
const MIB = 1024 * 1024;
/** 16 bytes of UTF-8 with a quote, a comma, a newline, Korean and an emoji. */
const TEXT_UNIT = 'ab"c,\n한😀xyz';
const SIZES = { 2: 5 * MIB, 3: 20 * MIB } as const;

function config(engine: Engine, mode: 'snapshot-export' | 'replica-query') {
  return parseConfig({
    name: 'zoo-size',
    sources: [
      {
        name: 'zoo',
        engine,
        database: engine === 'mysql' ? 'marketplace' : 'payments',
        primary: { instanceIdentifier: 'zoo-db' },
        credentialsSecretArn: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:zoo-AbCdEf',
        defaultMode: mode,
        includeTables: 'listed' as const,
        tables: [{ name: TABLE }],
      },
    ],
  });
}

/** The source's sha256 of each value, by id, computed by the server. */
async function sourceHashes(engine: Engine): Promise<unknown[][]> {
  const rows =
    engine === 'mysql'
      ? await mariadbQuery(
          `SELECT id, SHA2(body, 256) AS body, SHA2(data, 256) AS data FROM ${TABLE} ORDER BY id`,
        )
      : await postgresQuery(
          `SELECT id, encode(sha256(convert_to(body, 'UTF8')), 'hex') AS body, encode(sha256(data), 'hex') AS data FROM ${TABLE} ORDER BY id`,
        );
  return rows.map((row) => [Number(row.id), row.body, row.data]);
}

let packetBefore: number;
let lakeDir: string;

beforeAll(async () => {
  const [packet] = await mariadbQuery('SELECT @@GLOBAL.max_allowed_packet AS bytes');
  packetBefore = Number(packet?.bytes);
  await mariadbQuery(`SET GLOBAL max_allowed_packet = ${32 * MIB}`);
  await mariadbQuery(`DROP TABLE IF EXISTS ${TABLE}`);
  await mariadbQuery(`CREATE TABLE ${TABLE} (id INT PRIMARY KEY, body LONGTEXT, data LONGBLOB)`);
  await mariadbQuery(`INSERT INTO ${TABLE} VALUES (1, 'small', x'00ff')`);
  await postgresQuery(`DROP TABLE IF EXISTS ${TABLE}`);
  await postgresQuery(`CREATE TABLE ${TABLE} (id int PRIMARY KEY, body text, data bytea)`);
  await postgresQuery(`INSERT INTO ${TABLE} VALUES (1, 'small', '\\x00ff')`);
  for (const [id, bytes] of Object.entries(SIZES)) {
    await mariadbQuery(
      `INSERT INTO ${TABLE} VALUES (${id}, REPEAT(${quoteLiteral(TEXT_UNIT)}, ${bytes / 16}), REPEAT(UNHEX('00FF0A2241'), ${bytes / 5}))`,
    );
    await postgresQuery(
      `INSERT INTO ${TABLE} VALUES (${id}, repeat(${quoteLiteral(TEXT_UNIT)}, ${bytes / 16}), decode(repeat('00ff0a2241', ${bytes / 5}), 'hex'))`,
    );
  }
}, 120_000);

afterAll(async () => {
  await mariadbQuery(`DROP TABLE IF EXISTS ${TABLE}`);
  await postgresQuery(`DROP TABLE IF EXISTS ${TABLE}`);
  await mariadbQuery(`SET GLOBAL max_allowed_packet = ${packetBefore}`);
});

beforeEach(() => {
  lakeDir = mkdtempSync(join(tmpdir(), 'zoo-size-local-'));
});
afterEach(() => rmSync(lakeDir, { recursive: true, force: true }));

describe('a local run of values of 5 and 20 MiB', () => {
  it.each([
    ['mysql', 'snapshot-export'],
    ['mysql', 'replica-query'],
    ['postgres', 'snapshot-export'],
    ['postgres', 'replica-query'],
  ] as const)(
    'lands %s text and bytes through %s with the source’s sha256',
    async (engine, mode) => {
      // Arrange
      const expected = await sourceHashes(engine);

      // Act
      const run = await runLocal({
        config: config(engine, mode),
        lakeDir,
        sourceUrl: engine === 'mysql' ? mariadbUrl() : postgresUrl(),
      });

      // Assert
      expect(run.status).toBe('SUCCEEDED');
      const files = join(lakeDir, 'buckets', 'curated', 'zoo', TABLE, '**', '*.parquet');
      const duckdb = await openDuckdb({ threads: 1 });
      try {
        const lake = await withConnection(duckdb, (connection) =>
          queryRows(
            connection,
            `SELECT id, sha256(body) AS body, sha256(data) AS data FROM read_parquet(${quoteLiteral(files)}) ORDER BY id`,
          ),
        );
        expect(lake.map((row) => [Number(row.id), row.body, row.data])).toEqual(expected);
      } finally {
        duckdb.closeSync();
      }
    },
    120_000,
  );
});
