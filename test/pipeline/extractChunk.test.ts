/**
 * The replica extract against the real MariaDB and PostgreSQL test servers (which run in +09:00 and
 * Asia/Seoul on purpose): every marketplace table is planned in several chunks, extracted into a
 * FileObjectStore and read back from the Parquet with DuckDB, value by value against the source.
 */
import { createHmac } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import type { DuckDBInstance } from '@duckdb/node-api';
import type { Connection as MariadbConnection, RowDataPacket } from 'mysql2/promise';
import type { Client as PostgresClient } from 'pg';
import { openReplicaReader, type ReplicaReader } from '../../lib/adapters/database';
import type { ObjectStore } from '../../lib/adapters/objectStore';
import { parseConfig, type SourceConfig, type TableConfig } from '../../lib/config';
import { chunkSelectSql, mapConcurrently, replicaLanding } from '../../lib/core/extract';
import type { PartResult, TablePlan } from '../../lib/core/pipeline';
import { quoteIdentifier, quoteLiteral } from '../../lib/core/transform';
import { openDuckdb, queryRows, withConnection } from '../../lib/duckdb';
import { FileObjectStore } from '../../lib/local/FileObjectStore';
import { extractChunk } from '../../lib/pipeline/extractChunk';
import { planExtract } from '../../lib/pipeline/planExtract';
import { marketplaceSource } from '../helpers/configFactory';
import {
  connectMariadb,
  connectPostgres,
  loadFixture,
  mariadbQuery,
  testReplicaEndpoint,
} from '../helpers/databases';

const RUN_ID = '20261123T030005Z';
const SALT = 'extract-test-salt';
/** Below the config's minimum on purpose: several chunks out of the small fixture tables. */
const CHUNK_SIZE = 6;

type Engine = 'mysql' | 'postgres';

function endpoint(engine: Engine, poolSize = 2, extra: { database?: string; applicationName?: string } = {}) {
  return testReplicaEndpoint(engine, { poolSize, ...extra });
}

const CONFIG = parseConfig({
  name: 'extract-test',
  sources: [
    marketplaceSource({
      defaultMode: 'replica-query',
      tables: [
        {
          name: 'users',
          columns: {
            email: { mask: 'hash' },
            phone: { mask: 'redact' },
            name: { mask: 'truncate', length: 1 },
            password_hash: 'drop',
            nickname: { rename: 'display_name' },
          },
        },
        { name: 'items' },
        { name: 'orders', columns: { legacy_amount: { cast: 'string' }, shipping_phone: { mask: 'hash' } } },
        { name: 'chat_messages' },
      ],
    }),
    {
      name: 'payments',
      engine: 'postgres',
      database: 'payments',
      primary: { instanceIdentifier: 'payments-db' },
      credentialsSecretArn: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:payments-AbCdEf',
      defaultMode: 'replica-query',
      tables: [
        { name: 'payments', columns: { fee: { cast: 'string' }, billing_email: { mask: 'hash' } } },
        { name: 'refunds', columns: { requested_by_email: { mask: 'redact', token: '<redacted>' } } },
      ],
    },
  ],
});

function source(engine: Engine): SourceConfig {
  const found = CONFIG.sources.find((candidate) => candidate.engine === engine);
  if (found === undefined) throw new Error(`no ${engine} source`);
  return found;
}

function table(engine: Engine, name: string, chunkSize = CHUNK_SIZE): TableConfig {
  const found = source(engine).tables.find((candidate) => candidate.name === name);
  if (found === undefined) throw new Error(`no table ${name}`);
  return { ...found, chunkSize };
}

let root: string;
let duckdb: DuckDBInstance;
let readers: Record<Engine, ReplicaReader>;

beforeAll(async () => {
  await Promise.all([loadFixture('mysql'), loadFixture('postgres')]);
  duckdb = await openDuckdb({ threads: 1 });
  readers = {
    mysql: openReplicaReader(endpoint('mysql')),
    postgres: openReplicaReader(endpoint('postgres')),
  };
}, 60_000);

afterAll(async () => {
  await Promise.all(Object.values(readers ?? {}).map((reader) => reader.close()));
  duckdb?.closeSync();
});

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'extract-'));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

/** Plans and extracts a whole table, chunk by chunk, into `store`. */
async function extractTable(
  engine: Engine,
  name: string,
  store: ObjectStore,
  options: { chunkSize?: number } = {},
): Promise<{ plan: TablePlan; results: PartResult[]; chunks: number }> {
  const planned = await planExtract(
    {
      source: source(engine),
      table: table(engine, name, options.chunkSize),
      runId: RUN_ID,
      runStart: new Date(),
    },
    { reader: readers[engine] },
  );
  const results: PartResult[] = [];
  for (const chunk of planned.chunks) {
    results.push(
      await extractChunk(
        { plan: planned.plan, chunk, curatedBucket: 'curated' },
        { reader: readers[engine], objectStore: store, duckdb, salt: SALT, tempRoot: root },
      ),
    );
  }
  return { plan: planned.plan, results, chunks: planned.chunks.length };
}

function files(results: readonly PartResult[]): string {
  const paths = results.flatMap((result) =>
    result.files.map((file) => join(root, 'lake', 'curated', file.key)),
  );
  return `[${paths.map(quoteLiteral).join(', ')}]`;
}

/** The Parquet rows in key order, each column in a comparable form (bytes as hex, timestamps with 6 digits). */
async function parquetRows(
  plan: TablePlan,
  results: readonly PartResult[],
  key: string,
): Promise<Record<string, unknown>[]> {
  const select = plan.columns.map((column) => {
    const name = quoteIdentifier(column.output);
    if (column.duckdbType === 'BLOB') return `hex(${name}) AS ${name}`;
    if (column.duckdbType === 'TIMESTAMP') return `strftime(${name}, '%Y-%m-%d %H:%M:%S.%f') AS ${name}`;
    return name;
  });
  return withConnection(duckdb, (connection) =>
    queryRows(
      connection,
      `SELECT ${select.join(', ')} FROM read_parquet(${files(results)}) ORDER BY ${quoteIdentifier(key)}`,
    ),
  );
}

/** A source value in the form {@link parquetRows} gives it, by the curated type. */
function comparable(value: unknown, duckdbType: string): unknown {
  if (value === null || value === undefined) return null;
  if (duckdbType === 'BLOB') return Buffer.isBuffer(value) ? value.toString('hex').toUpperCase() : value;
  if (duckdbType === 'BOOLEAN')
    return Buffer.isBuffer(value) ? value[0] === 1 : value === true || value === 1;
  if (duckdbType === 'TIMESTAMP') {
    const [wall = '', fraction = ''] = String(value)
      .replace(/[+-]\d{2}(:\d{2})?$/, '')
      .split('.');
    return `${wall}.${fraction.padEnd(6, '0')}`;
  }
  if (duckdbType === 'FLOAT') return Math.fround(Number(value));
  if (duckdbType === 'DOUBLE') return Number(value);
  if (duckdbType.endsWith('[]') || (typeof value === 'object' && !Buffer.isBuffer(value))) return value;
  return String(value);
}

/** A Parquet value in the form {@link comparable} gives the source's; JSON text parsed when the driver parsed the source's. */
function parquetComparable(value: unknown, duckdbType: string, sourceValue: unknown): unknown {
  if (value === null) return null;
  if (duckdbType === 'FLOAT') return Math.fround(Number(value));
  if (duckdbType === 'DOUBLE') return Number(value);
  if (duckdbType.endsWith('[]') || typeof value === 'boolean') return value;
  const parsedJson = typeof sourceValue === 'object' && sourceValue !== null && !Buffer.isBuffer(sourceValue);
  return parsedJson ? JSON.parse(String(value)) : String(value);
}

async function sourceRows(engine: Engine, name: string, key: string): Promise<Record<string, unknown>[]> {
  if (engine === 'mysql') return mariadbQuery(`SELECT * FROM \`${name}\` ORDER BY \`${key}\``);
  const client = await connectPostgres();
  try {
    await client.query("SET intervalstyle = 'iso_8601'");
    return (await client.query<Record<string, unknown>>(`SELECT * FROM "${name}" ORDER BY "${key}"`)).rows;
  } finally {
    await client.end();
  }
}

const TABLES: readonly [Engine, string][] = [
  ['mysql', 'users'],
  ['mysql', 'items'],
  ['mysql', 'orders'],
  ['mysql', 'chat_messages'],
  ['postgres', 'payments'],
  ['postgres', 'refunds'],
];

describe('extractChunk on the real servers', () => {
  it.each(TABLES)(
    'extracts %s %s in several chunks, equal to the source value by value (masked columns excepted)',
    async (engine, name) => {
      // Arrange
      const store = new FileObjectStore(join(root, 'lake'));
      const source = await sourceRows(engine, name, 'id');

      // Act
      const { plan, results, chunks } = await extractTable(engine, name, store);
      const lake = await parquetRows(plan, results, 'id');

      // Assert
      expect(chunks).toBeGreaterThan(1);
      expect(lake).toHaveLength(source.length);
      const compared = plan.columns.filter((column) => column.mask === undefined);
      const expected = source.map((row) =>
        Object.fromEntries(
          compared.map((column) => [column.output, comparable(row[column.source], column.duckdbType)]),
        ),
      );
      const actual = lake.map((row, index) =>
        Object.fromEntries(
          compared.map((column) => [
            column.output,
            parquetComparable(row[column.output], column.duckdbType, source[index]?.[column.source]),
          ]),
        ),
      );
      expect(actual).toEqual(expected);
    },
  );

  it.each([
    ['mysql', 'users', 'email'],
    ['mysql', 'orders', 'shipping_phone'],
    ['postgres', 'payments', 'billing_email'],
  ] as const)(
    'hashes %s %s.%s in the reader, to the HMAC-SHA-256 of the source text the mask defines',
    async (engine, name, column) => {
      // Arrange
      const store = new FileObjectStore(join(root, 'lake'));
      const rows = await sourceRows(engine, name, 'id');
      const expected = rows.map((row) => {
        const value = row[column];
        return value === null ? null : createHmac('sha256', SALT).update(String(value), 'utf8').digest('hex');
      });

      // Act
      const { plan, results } = await extractTable(engine, name, store);
      const lake = await parquetRows(plan, results, 'id');

      // Assert: the reader computed it (the query names the column), and it is the mask's value
      const hashedByReader = replicaLanding(engine, plan.columns).filter(
        (landed) => landed.readerEncoding === 'hmac',
      );
      expect(hashedByReader.map((landed) => landed.source)).toEqual([column]);
      expect(expected.filter((value) => value !== null).length).toBeGreaterThan(0);
      expect(lake.map((row) => row[column])).toEqual(expected);
    },
  );

  it('writes masked values and never the raw ones, in the Parquet or the manifests', async () => {
    // Arrange
    const store = new FileObjectStore(join(root, 'lake'));
    const raw = await mariadbQuery(
      'SELECT email, phone, name, HEX(password_hash) AS password_hash FROM users',
    );
    const secrets = raw
      .flatMap((row) => [row.email, row.phone, row.name, row.password_hash])
      .filter((value): value is string => typeof value === 'string' && value.length >= 3);

    // Act
    const { plan, results } = await extractTable('mysql', 'users', store);
    const cells = await withConnection(duckdb, (connection) =>
      queryRows(
        connection,
        `SELECT ${plan.columns.map((column) => `CAST(${quoteIdentifier(column.output)} AS VARCHAR)`).join(' || chr(31) || ')} AS line FROM read_parquet(${files(results)})`,
      ),
    );
    const text = cells.map((row) => String(row.line)).join('\n');
    const bytes = readdirSync(join(root, 'lake'), { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) => readFileSync(join(entry.parentPath, entry.name)).toString('latin1'))
      .join('');

    // Assert
    expect(plan.columns.map((column) => column.source)).not.toContain('password_hash');
    for (const secret of secrets) {
      expect(text).not.toContain(secret);
      expect(bytes).not.toContain(Buffer.from(secret, 'utf8').toString('latin1'));
    }
  });

  it('re-runs a chunk killed after its uploads without duplicating rows', async () => {
    // Arrange
    const store = new FileObjectStore(join(root, 'lake'));
    const planned = await planExtract(
      {
        source: source('postgres'),
        table: table('postgres', 'payments'),
        runId: RUN_ID,
        runStart: new Date(),
      },
      { reader: readers.postgres },
    );
    const killedBeforeManifest: ObjectStore = {
      ...store,
      downloadToFile: (...args) => store.downloadToFile(...args),
      readRange: (...args) => store.readRange(...args),
      uploadFile: (...args) => store.uploadFile(...args),
      list: (...args) => store.list(...args),
      delete: (...args) => store.delete(...args),
      getJson: (...args) => store.getJson(...args),
      putJson: async () => {
        throw new Error('killed before the manifest');
      },
    };
    const deps = { reader: readers.postgres, duckdb, salt: SALT, tempRoot: root };
    const [first, second] = planned.chunks;
    if (first === undefined || second === undefined) throw new Error('expected two chunks or more');

    // Act
    await expect(
      extractChunk(
        { plan: planned.plan, chunk: second, curatedBucket: 'curated' },
        { ...deps, objectStore: killedBeforeManifest },
      ),
    ).rejects.toThrow('killed before the manifest');
    const results = await mapConcurrently(planned.chunks, 2, (chunk) =>
      extractChunk({ plan: planned.plan, chunk, curatedBucket: 'curated' }, { ...deps, objectStore: store }),
    );
    const [row] = await withConnection(duckdb, (connection) =>
      queryRows(
        connection,
        `SELECT count(*) AS n, count(DISTINCT id) AS ids FROM read_parquet(${quoteLiteral(join(root, 'lake', 'curated', 'payments', 'payments', `run=${RUN_ID}`, '*.parquet'))})`,
      ),
    );

    // Assert
    expect(results.map((result) => result.partIndex)).toEqual(planned.chunks.map((chunk) => chunk.index));
    expect([Number(row?.n), Number(row?.ids)]).toEqual([
      planned.plan.expectedRows,
      planned.plan.expectedRows,
    ]);
  });

  it('fails naming the chunk when the replica read fails, leaving no manifest', async () => {
    // Arrange
    const store = new FileObjectStore(join(root, 'lake'));
    const planned = await planExtract(
      { source: source('mysql'), table: table('mysql', 'orders'), runId: RUN_ID, runStart: new Date() },
      { reader: readers.mysql },
    );
    const broken: ReplicaReader = {
      ...readers.mysql,
      engine: 'mysql',
      copyToCsv: async () => {
        throw new Error('Lost connection to server during query');
      },
    };
    const [chunk] = planned.chunks;
    if (chunk === undefined) throw new Error('no chunk');

    // Act
    const attempt = extractChunk(
      { plan: planned.plan, chunk, curatedBucket: 'curated' },
      { reader: broken, objectStore: store, duckdb, salt: SALT, tempRoot: root },
    );

    // Assert
    await expect(attempt).rejects.toThrow(
      /Extract of service\.orders \(run 20261123T030005Z, chunk 0\) failed: reading the replica failed: Lost connection/,
    );
    expect(readdirSync(root).filter((name) => name.startsWith('extract-'))).toEqual([]);
  });
});

describe('the pool limit, observed on the server', () => {
  const POOL_SIZE = 2;
  const ROWS = 60_000;

  async function sample(count: () => Promise<number>, done: () => boolean): Promise<number[]> {
    const seen: number[] = [];
    // Bounded: at most 3000 samples (about a minute), whatever happens to the extract.
    for (let attempt = 0; attempt < 3000 && !done(); attempt += 1) {
      seen.push(await count());
      await new Promise((resolve) => setTimeout(resolve, 15));
    }
    return seen;
  }

  it('never holds more MariaDB sessions than the pool', async () => {
    // Arrange: a database of its own, so only this reader's sessions have it as their DB.
    const admin: MariadbConnection = await connectMariadb();
    await admin.query('CREATE DATABASE IF NOT EXISTS extract_pool_test');
    await admin.query('DROP TABLE IF EXISTS extract_pool_test.rows_to_read');
    await admin.query(
      'CREATE TABLE extract_pool_test.rows_to_read (id INT PRIMARY KEY, body VARCHAR(100) NOT NULL) DEFAULT CHARSET = utf8mb4',
    );
    await admin.query(
      `INSERT INTO extract_pool_test.rows_to_read SELECT seq, CONCAT('행 ', seq, ' 😀 padding padding padding') FROM seq_1_to_${ROWS}`,
    );
    const reader = openReplicaReader(endpoint('mysql', POOL_SIZE, { database: 'extract_pool_test' }));
    const poolSource = { ...source('mysql'), database: 'extract_pool_test' };
    const planned = await planExtract(
      {
        source: poolSource,
        table: {
          ...table('mysql', 'orders'),
          name: 'rows_to_read',
          schema: 'extract_pool_test',
          columns: {},
          chunkSize: 5000,
        },
        runId: RUN_ID,
        runStart: new Date(),
      },
      { reader },
    );
    let finished = false;

    // Act
    const extraction = mapConcurrently(planned.chunks, POOL_SIZE, (chunk) =>
      extractChunk(
        { plan: planned.plan, chunk, curatedBucket: 'curated' },
        { reader, objectStore: new FileObjectStore(join(root, 'lake')), duckdb, salt: SALT, tempRoot: root },
      ),
    ).finally(() => {
      finished = true;
    });
    const seen = await sample(
      async () => {
        const [rows] = await admin.query<RowDataPacket[]>(
          "SELECT COUNT(*) AS n FROM information_schema.PROCESSLIST WHERE DB = 'extract_pool_test'",
        );
        return Number(rows[0]?.n);
      },
      () => finished,
    );
    const results = await extraction;
    await reader.close();
    await admin.query('DROP DATABASE extract_pool_test');
    await admin.end();

    // Assert
    expect(planned.chunks.length).toBeGreaterThan(POOL_SIZE);
    expect(results.reduce((sum, result) => sum + result.rows, 0)).toBe(ROWS);
    expect(Math.max(...seen)).toBeGreaterThanOrEqual(1);
    expect(Math.max(...seen)).toBeLessThanOrEqual(POOL_SIZE);
  }, 120_000);

  it('never holds more PostgreSQL sessions than the pool', async () => {
    // Arrange: an application_name of its own identifies this reader's sessions.
    const applicationName = `extract-pool-${process.pid}`;
    const admin: PostgresClient = await connectPostgres();
    await admin.query('DROP TABLE IF EXISTS extract_pool_rows');
    await admin.query('CREATE TABLE extract_pool_rows (id integer PRIMARY KEY, body text NOT NULL)');
    await admin.query(
      `INSERT INTO extract_pool_rows SELECT n, '행 ' || n || ' 😀 padding padding padding' FROM generate_series(1, ${ROWS}) AS n`,
    );
    const reader = openReplicaReader(endpoint('postgres', POOL_SIZE, { applicationName }));
    const planned = await planExtract(
      {
        source: source('postgres'),
        table: { ...table('postgres', 'refunds'), name: 'extract_pool_rows', columns: {}, chunkSize: 5000 },
        runId: RUN_ID,
        runStart: new Date(),
      },
      { reader },
    );
    let finished = false;

    // Act
    const extraction = mapConcurrently(planned.chunks, POOL_SIZE, (chunk) =>
      extractChunk(
        { plan: planned.plan, chunk, curatedBucket: 'curated' },
        { reader, objectStore: new FileObjectStore(join(root, 'lake')), duckdb, salt: SALT, tempRoot: root },
      ),
    ).finally(() => {
      finished = true;
    });
    const seen = await sample(
      async () => {
        const { rows } = await admin.query<{ n: string }>(
          'SELECT count(*) AS n FROM pg_stat_activity WHERE application_name = $1',
          [applicationName],
        );
        return Number(rows[0]?.n);
      },
      () => finished,
    );
    const results = await extraction;
    await reader.close();
    await admin.query('DROP TABLE extract_pool_rows');
    await admin.end();

    // Assert
    expect(planned.chunks.length).toBeGreaterThan(POOL_SIZE);
    expect(results.reduce((sum, result) => sum + result.rows, 0)).toBe(ROWS);
    expect(Math.max(...seen)).toBeGreaterThanOrEqual(1);
    expect(Math.max(...seen)).toBeLessThanOrEqual(POOL_SIZE);
  }, 120_000);
});

describe('the streamed chunk fails cleanly', () => {
  /** Every file under the lake and the temp root, relative. */
  function filesLeft(): string[] {
    return readdirSync(root, { recursive: true, withFileTypes: true })
      .filter((entry) => !entry.isDirectory())
      .map((entry) => join(entry.parentPath, entry.name).slice(root.length + 1));
  }

  it('drops what DuckDB read when the replica stream fails mid-way: no manifest, no files, the chunk named', async () => {
    // Arrange: a stream that sends whole, valid records, then loses the connection.
    const store = new FileObjectStore(join(root, 'lake'));
    const planned = await planExtract(
      { source: source('mysql'), table: table('mysql', 'orders'), runId: RUN_ID, runStart: new Date() },
      { reader: readers.mysql },
    );
    const [chunk] = planned.chunks;
    if (chunk === undefined) throw new Error('no chunk');
    const sent: Buffer[] = [];
    const collect = new Writable({
      write: (data: Buffer, _encoding, done) => {
        sent.push(data);
        done();
      },
    });
    const query = chunkSelectSql('mysql', {
      schema: planned.plan.schema,
      table: planned.plan.table,
      columns: replicaLanding('mysql', planned.plan.columns),
      chunk,
    });
    await readers.mysql.copyToCsv(query, collect, { maskKey: SALT });
    const records = Buffer.concat(sent).toString('utf8').split('\n').slice(0, 2).join('\n');
    expect(records.split('\n')).toHaveLength(2);
    const midStream: ReplicaReader = {
      ...readers.mysql,
      engine: 'mysql',
      copyToCsv: async (_query, target) => {
        await new Promise<void>((resolve, reject) =>
          target.write(`${records}\n`, (error) => (error ? reject(error) : resolve())),
        );
        throw new Error('Lost connection to server during query');
      },
    };

    // Act
    const attempt = extractChunk(
      { plan: planned.plan, chunk, curatedBucket: 'curated' },
      { reader: midStream, objectStore: store, duckdb, salt: SALT, tempRoot: root },
    );

    // Assert
    await expect(attempt).rejects.toThrow(
      /Extract of service\.orders \(run 20261123T030005Z, chunk 0\) failed: reading the replica failed: Lost connection/,
    );
    expect(filesLeft()).toEqual([]);
  });

  it('closes the replica stream and its session when DuckDB fails on the data', async () => {
    // Arrange: a chunk far larger than the pipe's and DuckDB's CSV buffers (~75 MB), behind one malformed record.
    const applicationName = `extract-abort-${process.pid}`;
    const admin: PostgresClient = await connectPostgres();
    await admin.query('DROP TABLE IF EXISTS extract_abort_rows');
    await admin.query('CREATE TABLE extract_abort_rows (id integer PRIMARY KEY, body text NOT NULL)');
    await admin.query(
      "INSERT INTO extract_abort_rows SELECT n, repeat('행 😀 padding ', 30) FROM generate_series(1, 150000) AS n",
    );
    const reader = openReplicaReader(endpoint('postgres', 1, { applicationName }));
    const planned = await planExtract(
      {
        source: source('postgres'),
        table: {
          ...table('postgres', 'refunds'),
          name: 'extract_abort_rows',
          columns: {},
          chunkSize: 100_000,
        },
        runId: RUN_ID,
        runStart: new Date(),
      },
      { reader },
    );
    const [chunk] = planned.chunks;
    if (chunk === undefined) throw new Error('no chunk');
    let stream: Promise<number> | undefined;
    const malformedFirst: ReplicaReader = {
      ...reader,
      engine: 'postgres',
      // After DuckDB refuses the CSV the extract asks for the chunk's row sizes: on another reader,
      // so the sessions counted are the stream's.
      query: (query) => readers.postgres.query(query),
      copyToCsv: (query, target, options) => {
        target.write('"only one field"\n');
        stream = reader.copyToCsv(query, target, options);
        return stream;
      },
    };
    const sessions = async () =>
      Number(
        (
          await admin.query<{ n: string }>(
            'SELECT count(*) AS n FROM pg_stat_activity WHERE application_name = $1',
            [applicationName],
          )
        ).rows[0]?.n,
      );

    // Act
    const attempt = extractChunk(
      { plan: planned.plan, chunk, curatedBucket: 'curated' },
      {
        reader: malformedFirst,
        objectStore: new FileObjectStore(join(root, 'lake')),
        duckdb,
        salt: SALT,
        tempRoot: root,
      },
    );
    await expect(attempt).rejects.toThrow(
      /Extract of payments\.extract_abort_rows \(run 20261123T030005Z, chunk 0\) failed: /,
    );
    const streamOutcome = await stream?.then(
      () => 'completed',
      () => 'failed',
    );
    let open = await sessions();
    for (let attempt = 0; attempt < 100 && open > 0; attempt += 1) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      open = await sessions();
    }
    await reader.close();
    await admin.query('DROP TABLE extract_abort_rows');
    await admin.end();

    // Assert
    // Aborted, or EPIPE once DuckDB closed the pipe: either way the stream did not run to its end.
    expect(streamOutcome).toBe('failed');
    expect(open).toBe(0);
    expect(filesLeft()).toEqual([]);
  });
});
