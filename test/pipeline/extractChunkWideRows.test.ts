/**
 * Issue 17, deliverable 6 on the real servers: rows far over DuckDB's default 2 MiB CSV line go
 * through the replica extract — a 5 MiB and a 20 MiB value in MariaDB LONGTEXT/LONGBLOB and
 * PostgreSQL text/bytea, read back from the Parquet with the same sha256 as the source — and a row
 * over the documented limit fails naming the table, the column, its source type and the row's key.
 * MariaDB runs with max_allowed_packet = 32 MiB here: a 20 MiB BLOB's server-side HEX() (40 MiB)
 * was NULL with only a warning, so bytes must cross raw and be hex-encoded by the reader.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DuckDBInstance } from '@duckdb/node-api';
import { openReplicaReader, type ReplicaReader } from '../../lib/adapters/database';
import { parseConfig } from '../../lib/config';
import { ExtractError } from '../../lib/core/errors';
import type { PartResult } from '../../lib/core/pipeline';
import { quoteLiteral } from '../../lib/core/transform';
import { openDuckdb, queryRows, withConnection } from '../../lib/duckdb';
import { FileObjectStore } from '../../lib/local/FileObjectStore';
import { type ExtractDeps, extractChunk } from '../../lib/pipeline/extractChunk';
import { planExtract } from '../../lib/pipeline/planExtract';
import { mariadbQuery, postgresQuery, testReplicaEndpoint } from '../helpers/databases';

type Engine = 'mysql' | 'postgres';
const TABLE = 'zoo_size_values';
const MIB = 1024 * 1024;
/** 16 bytes of UTF-8 with a quote, a comma, a newline, Korean and an emoji: every CSV hazard. */
const TEXT_UNIT = 'ab"c,\\n한😀xyz';
const SIZES = { 2: 5 * MIB, 3: 20 * MIB } as const;

const CONFIG = parseConfig({
  name: 'zoo-size',
  sources: (['mysql', 'postgres'] as const).map((engine) => ({
    name: engine === 'mysql' ? 'shop' : 'pay',
    engine,
    database: engine === 'mysql' ? 'marketplace' : 'payments',
    primary: { instanceIdentifier: `${engine}-db` },
    credentialsSecretArn: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:zoo-AbCdEf',
    defaultMode: 'replica-query' as const,
    tables: [{ name: TABLE }],
  })),
});

let root: string;
let duckdb: DuckDBInstance;
let readers: Record<Engine, ReplicaReader>;
let packetBefore: string;

beforeAll(async () => {
  const [packet] = await mariadbQuery('SELECT @@GLOBAL.max_allowed_packet AS bytes');
  packetBefore = String(packet?.bytes);
  // Large enough to insert a 20 MiB value, too small for its 40 MiB of hex.
  await mariadbQuery(`SET GLOBAL max_allowed_packet = ${32 * MIB}`);
  await mariadbQuery(`DROP TABLE IF EXISTS ${TABLE}`);
  await mariadbQuery(`CREATE TABLE ${TABLE} (id INT PRIMARY KEY, body LONGTEXT, data LONGBLOB)`);
  await mariadbQuery(`INSERT INTO ${TABLE} VALUES (1, 'small', x'00ff')`);
  await postgresQuery(`DROP TABLE IF EXISTS ${TABLE}`);
  await postgresQuery(`CREATE TABLE ${TABLE} (id int PRIMARY KEY, body text, data bytea)`);
  await postgresQuery(`INSERT INTO ${TABLE} VALUES (1, 'small', '\\x00ff')`);
  for (const [id, bytes] of Object.entries(SIZES)) {
    const units = bytes / 16;
    // A fresh session sees the new global max_allowed_packet.
    await mariadbQuery(
      `INSERT INTO ${TABLE} VALUES (${id}, REPEAT(${quoteLiteral(TEXT_UNIT.replace('\\n', '\n'))}, ${units}), REPEAT(UNHEX('00FF0A2241'), ${bytes / 5}))`,
    );
    await postgresQuery(
      `INSERT INTO ${TABLE} VALUES (${id}, repeat(E${quoteLiteral(TEXT_UNIT)}, ${units}), decode(repeat('00ff0a2241', ${bytes / 5}), 'hex'))`,
    );
  }
  duckdb = await openDuckdb({ threads: 2 });
  readers = {
    mysql: openReplicaReader(testReplicaEndpoint('mysql', { poolSize: 1 })),
    postgres: openReplicaReader(testReplicaEndpoint('postgres', { poolSize: 1 })),
  };
}, 120_000);

afterAll(async () => {
  await Promise.all(Object.values(readers ?? {}).map((reader) => reader.close()));
  duckdb?.closeSync();
  await mariadbQuery(`DROP TABLE IF EXISTS ${TABLE}`);
  await postgresQuery(`DROP TABLE IF EXISTS ${TABLE}`);
  await mariadbQuery(`SET GLOBAL max_allowed_packet = ${Number(packetBefore)}`);
});

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'zoo-size-'));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

/** The source's sha256 of each value, by id, computed by the server. */
async function sourceHashes(engine: Engine): Promise<Record<string, unknown>[]> {
  if (engine === 'mysql') {
    return mariadbQuery(
      `SELECT id, SHA2(body, 256) AS body, SHA2(data, 256) AS data, LENGTH(data) AS bytes FROM ${TABLE} ORDER BY id`,
    );
  }
  return postgresQuery(
    `SELECT id, encode(sha256(convert_to(body, 'UTF8')), 'hex') AS body, encode(sha256(data), 'hex') AS data, octet_length(data) AS bytes FROM ${TABLE} ORDER BY id`,
  );
}

/** Plans and extracts the table in one chunk. */
async function extract(engine: Engine, deps: Partial<ExtractDeps> = {}): Promise<PartResult> {
  const source = CONFIG.sources.find((candidate) => candidate.engine === engine);
  const table = source?.tables[0];
  if (source === undefined || table === undefined) throw new Error('no table');
  const planned = await planExtract(
    { source, table, runId: '20261207T120000Z', runStart: new Date() },
    { reader: readers[engine] },
  );
  const [chunk] = planned.chunks;
  if (chunk === undefined) throw new Error('no chunk');
  return extractChunk(
    { plan: planned.plan, chunk, curatedBucket: 'curated' },
    {
      reader: readers[engine],
      objectStore: new FileObjectStore(join(root, 'lake')),
      duckdb,
      salt: '',
      tempRoot: root,
      ...deps,
    },
  );
}

describe('the replica extract of values over 2 MiB', () => {
  it.each(['mysql', 'postgres'] as const)(
    'lands a 5 MiB and a 20 MiB text and bytes value of %s exactly (sha256 of source and Parquet equal)',
    async (engine) => {
      // Arrange
      const expected = await sourceHashes(engine);

      // Act
      const result = await extract(engine);

      // Assert
      const files = result.files.map((file) => quoteLiteral(join(root, 'lake', 'curated', file.key)));
      const lake = await withConnection(duckdb, (connection) =>
        queryRows(
          connection,
          `SELECT id, sha256(body) AS body, sha256(data) AS data, octet_length(data) AS bytes FROM read_parquet([${files.join(', ')}]) ORDER BY id`,
        ),
      );
      expect(lake.map((row) => [Number(row.id), row.body, row.data, Number(row.bytes)])).toEqual(
        expected.map((row) => [Number(row.id), row.body, row.data, Number(row.bytes)]),
      );
      expect(Number(expected[2]?.bytes)).toBe(SIZES[3]);
    },
    120_000,
  );

  it.each(['mysql', 'postgres'] as const)(
    'fails a %s row over the wide read’s limit naming schema.table.column, its source type and the key',
    async (engine) => {
      // Act: a wide read of 8 MiB lines stands in for the 160 MiB one, so the 20 MiB row is over it;
      // the extract finds it by the values' sizes and fails before streaming it.
      const attempt = extract(engine, {
        wideRead: { maxLineBytes: 8 * MIB, bufferBytes: 16 * MIB, serial: true },
      });

      // Assert
      await expect(attempt).rejects.toThrow(ExtractError);
      const schema = engine === 'mysql' ? 'marketplace' : 'public';
      const type = engine === 'mysql' ? 'longblob' : 'bytea';
      await expect(attempt).rejects.toThrow(
        new RegExp(
          `the row with key id = "3" is too long for the replica path: ${schema}\\.${TABLE}\\.data \\(${type}\\) holds 20\\.0 MiB; ${schema}\\.${TABLE}\\.body \\(\\w+\\) holds 20\\.0 MiB \\(about 60\\.0 MiB as CSV\\); allowed: a value of up to 64 MiB and a row of up to 8\\.0 MiB as CSV \\(bytes count twice, as hex\\), else columns\\.data: drop or mode: snapshot-export`,
        ),
      );
    },
    120_000,
  );
});
