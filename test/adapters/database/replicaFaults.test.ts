/**
 * No replica read can hang (issue 14). On the real MariaDB and PostgreSQL test servers, with the
 * real drivers: a session killed mid-extract (`KILL` / `pg_terminate_backend` from a second
 * connection while a large chunk streams), a server that accepts TCP and never answers, a server
 * that closes or goes silent mid-stream (a TCP proxy in front of the real server), and a statement
 * that runs too long. Each ends well within its bound with an error naming the replica's host and
 * port, the table and the chunk; nothing is published, and the reader still works afterwards.
 */
import { readdirSync, rmSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DuckDBInstance } from '@duckdb/node-api';
import type { RowDataPacket } from 'mysql2/promise';
import { openReplicaReader, type ReplicaEndpoint, type ReplicaReader } from '../../../lib/adapters/database';
import { parseConfig, type SourceConfig } from '../../../lib/config';
import type { ExtractChunk } from '../../../lib/core/extract';
import type { TablePlan } from '../../../lib/core/pipeline';
import { openDuckdb } from '../../../lib/duckdb';
import { FileObjectStore } from '../../../lib/local/FileObjectStore';
import { extractChunk } from '../../../lib/pipeline/extractChunk';
import { planExtract } from '../../../lib/pipeline/planExtract';
import { connectMariadb, connectPostgres, testReplicaEndpoint } from '../../helpers/databases';
import { startTcpFaultProxy, type TcpFaultProxy } from '../../helpers/tcpFaultProxy';

type Engine = 'mysql' | 'postgres';
const ENGINES: readonly Engine[] = ['mysql', 'postgres'];
const RUN_ID = '20261207T030000Z';
const TABLE = 'replica_fault_rows';
/** About 90 MB of CSV: a chunk that streams for a second or more, far past any socket buffer. */
const ROWS = 1_000_000;
/** Generous bounds: each fault must end the read in seconds, where today's code hangs. */
const BOUND_MS = 15_000;
/** Short timeouts for the faults that wait on one; the others keep the defaults. */
const FAST = { connectSeconds: 1, statementSeconds: 1, idleSeconds: 1 };

const CONFIG = parseConfig({
  name: 'fault-test',
  sources: ENGINES.map((engine) => ({
    name: `${engine}_src`,
    engine,
    database: engine === 'mysql' ? 'marketplace' : 'payments',
    primary: { instanceIdentifier: `${engine}-db` },
    credentialsSecretArn: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:fault-AbCdEf',
    includeTables: 'listed',
    defaultMode: 'replica-query',
    tables: [{ name: TABLE, chunkSize: 10 * ROWS }],
  })),
});

function sourceOf(engine: Engine): SourceConfig {
  return CONFIG.sources.find((source) => source.engine === engine) ?? fail(`no ${engine} source`);
}

const applicationName = `replica-faults-${process.pid}`;
const endpointOf = (engine: Engine): ReplicaEndpoint => testReplicaEndpoint(engine, { applicationName });

let duckdb: DuckDBInstance;
let root: string;
const planned = new Map<Engine, { plan: TablePlan; chunk: ExtractChunk }>();
const opened: ReplicaReader[] = [];
const proxies: TcpFaultProxy[] = [];

/** A reader on `endpoint`, closed after the test. */
function readerOn(endpoint: ReplicaEndpoint): ReplicaReader {
  const reader = openReplicaReader(endpoint);
  opened.push(reader);
  return reader;
}

/** A reader reaching the engine's server through a proxy that injects `fault`. */
async function readerThrough(
  engine: Engine,
  fault: Parameters<typeof startTcpFaultProxy>[1],
  timeouts = FAST,
): Promise<{ reader: ReplicaReader; proxy: TcpFaultProxy }> {
  const endpoint = endpointOf(engine);
  const proxy = await startTcpFaultProxy(endpoint, fault);
  proxies.push(proxy);
  return { reader: readerOn({ ...endpoint, host: proxy.host, port: proxy.port, timeouts }), proxy };
}

/** Extracts the table's one chunk with `reader`; resolves to how it ended and how long it took. */
async function extract(engine: Engine, reader: ReplicaReader): Promise<{ error: unknown; ms: number }> {
  const { plan, chunk } = planned.get(engine) ?? fail(`no ${engine} plan`);
  const started = Date.now();
  try {
    await extractChunk(
      { plan, chunk, curatedBucket: 'curated' },
      { reader, objectStore: new FileObjectStore(join(root, 'lake')), duckdb, salt: 'salt', tempRoot: root },
    );
    return { error: undefined, ms: Date.now() - started };
  } catch (error) {
    return { error, ms: Date.now() - started };
  }
}

/** The message an extract of the table's chunk 0 fails with, read from the replica at `host:port`. */
function extractFailure(engine: Engine, host: string, port: number, what: string): RegExp {
  const literal = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(
    literal(`Extract of ${sourceOf(engine).name}.${TABLE} (run ${RUN_ID}, chunk 0) failed: `) +
      `.*${literal(`Replica session on ${host}:${port} ${what}`)}`,
  );
}

/** Files the chunk left behind, in the lake (manifest, Parquet) or the temp root. */
function filesLeft(): string[] {
  return readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((entry) => !entry.isDirectory())
    .map((entry) => join(entry.parentPath, entry.name));
}

/** Kills the session streaming the chunk from a second connection, once it is seen streaming. */
async function killWhenStreaming(engine: Engine): Promise<void> {
  for (let attempt = 0; attempt < 500; attempt += 1) {
    if (engine === 'mysql') {
      const admin = await connectMariadb();
      try {
        const [rows] = await admin.query<({ ID: number } & RowDataPacket)[]>(
          `SELECT ID FROM information_schema.PROCESSLIST WHERE INFO LIKE 'SELECT%${TABLE}%' AND ID <> CONNECTION_ID()`,
        );
        const [session] = rows;
        if (session !== undefined) {
          await new Promise((resolve) => setTimeout(resolve, 200));
          await admin.query(`KILL ${Number(session.ID)}`);
          return;
        }
      } finally {
        await admin.end();
      }
    } else {
      const admin = await connectPostgres();
      try {
        const { rows } = await admin.query<{ pid: number }>(
          "SELECT pid FROM pg_stat_activity WHERE application_name = $1 AND query LIKE 'COPY%'",
          [applicationName],
        );
        const [session] = rows;
        if (session !== undefined) {
          await new Promise((resolve) => setTimeout(resolve, 200));
          await admin.query('SELECT pg_terminate_backend($1)', [session.pid]);
          return;
        }
      } finally {
        await admin.end();
      }
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`no ${engine} session streaming ${TABLE} was seen`);
}

beforeAll(async () => {
  const mariadb = await connectMariadb();
  await mariadb.query(`DROP TABLE IF EXISTS ${TABLE}`);
  await mariadb.query(`CREATE TABLE ${TABLE} (id INT PRIMARY KEY, body VARCHAR(100) NOT NULL)`);
  await mariadb.query(
    `INSERT INTO ${TABLE} SELECT seq, CONCAT('row ', seq, ' padding padding padding padding padding') FROM seq_1_to_${ROWS}`,
  );
  await mariadb.end();
  const postgres = await connectPostgres();
  await postgres.query(`DROP TABLE IF EXISTS ${TABLE}`);
  await postgres.query(`CREATE TABLE ${TABLE} (id integer PRIMARY KEY, body text NOT NULL)`);
  await postgres.query(
    `INSERT INTO ${TABLE} SELECT n, 'row ' || n || ' padding padding padding padding padding' FROM generate_series(1, ${ROWS}) AS n`,
  );
  await postgres.end();
  duckdb = await openDuckdb({ threads: 2 });
  for (const engine of ENGINES) {
    const source = sourceOf(engine);
    const reader = readerOn(endpointOf(engine));
    const { plan, chunks } = await planExtract(
      { source, table: source.tables[0] ?? fail('no table'), runId: RUN_ID, runStart: new Date() },
      { reader },
    );
    planned.set(engine, { plan, chunk: chunks[0] ?? fail('no chunk') });
  }
}, 120_000);

/**
 * Ends what the fault cases left running on MariaDB: a statement whose client was cut off or went
 * silent runs on until the server notices, and suites after this one count the sessions on
 * `marketplace` (the replica state machine's pool check).
 */
async function killLeftoverMariadbSessions(): Promise<void> {
  const admin = await connectMariadb();
  try {
    for (let attempt = 0; attempt < 100; attempt += 1) {
      const [rows] = await admin.query<({ ID: number } & RowDataPacket)[]>(
        "SELECT ID FROM information_schema.PROCESSLIST WHERE DB = 'marketplace' AND ID <> CONNECTION_ID()",
      );
      if (rows.length === 0) return;
      for (const row of rows) await admin.query(`KILL ${Number(row.ID)}`).catch(() => undefined);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error('MariaDB sessions on marketplace outlived 100 KILL rounds');
  } finally {
    await admin.end();
  }
}

afterAll(async () => {
  duckdb?.closeSync();
  await killLeftoverMariadbSessions();
  const mariadb = await connectMariadb();
  await mariadb.query(`DROP TABLE IF EXISTS ${TABLE}`);
  await mariadb.end();
  const postgres = await connectPostgres();
  await postgres.query(`DROP TABLE IF EXISTS ${TABLE}`);
  await postgres.end();
});

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'replica-faults-'));
});

afterEach(async () => {
  await Promise.all(opened.splice(0).map((reader) => reader.close()));
  await Promise.all(proxies.splice(0).map((proxy) => proxy.stop()));
  rmSync(root, { recursive: true, force: true });
});

describe('a replica session that dies or hangs fails its chunk in bounded time', () => {
  it.each(ENGINES)(
    '%s: a session killed mid-extract fails the chunk naming host, table and chunk, and publishes nothing',
    async (engine) => {
      // Arrange
      const endpoint = endpointOf(engine);
      const reader = readerOn(endpoint);

      // Act
      const [{ error, ms }] = await Promise.all([extract(engine, reader), killWhenStreaming(engine)]);

      // Assert
      expect(String(error)).toMatch(
        extractFailure(engine, endpoint.host, endpoint.port, 'was lost mid-statement'),
      );
      expect(ms).toBeLessThan(BOUND_MS);
      expect(filesLeft()).toEqual([]);
      // The pool replaced the dead session.
      await expect(reader.query({ sql: 'SELECT 1 AS one', params: [] })).resolves.toEqual([{ one: '1' }]);
    },
    30_000,
  );

  it.each(ENGINES)(
    '%s: a server that accepts TCP and never answers fails after timeouts.connectSeconds, naming the host',
    async (engine) => {
      // Arrange
      const { reader, proxy } = await readerThrough(engine, { kind: 'silent' });

      // Act
      const { error, ms } = await extract(engine, reader);
      const started = Date.now();
      const query = await reader.query({ sql: 'SELECT 1', params: [] }).catch((failure: unknown) => failure);
      const queryMs = Date.now() - started;

      // Assert
      const setting = '(timeouts.connectSeconds: 1)';
      expect(String(error)).toMatch(extractFailure(engine, proxy.host, proxy.port, 'could not be opened'));
      expect(String(error)).toContain(setting);
      expect(String(query)).toContain(`Replica session on ${proxy.host}:${proxy.port} could not be opened: `);
      expect(String(query)).toContain(setting);
      expect(ms).toBeLessThan(5_000);
      expect(queryMs).toBeLessThan(5_000);
      expect(filesLeft()).toEqual([]);
    },
    30_000,
  );

  it.each(ENGINES)(
    '%s: a server that closes the connection mid-stream fails the chunk naming host, table and chunk',
    async (engine) => {
      // Arrange: the login and the first 2 MB of rows get through, then both sides are closed.
      const { reader, proxy } = await readerThrough(
        engine,
        { kind: 'cut', afterBytes: 2_000_000 },
        { connectSeconds: 5, statementSeconds: 60, idleSeconds: 60 },
      );

      // Act
      const { error, ms } = await extract(engine, reader);

      // Assert
      expect(proxy.faulted()).toBe(1);
      expect(String(error)).toMatch(extractFailure(engine, proxy.host, proxy.port, 'was lost mid-statement'));
      expect(ms).toBeLessThan(BOUND_MS);
      expect(filesLeft()).toEqual([]);
    },
    30_000,
  );

  it.each(ENGINES)(
    '%s: a server that goes silent mid-stream fails the chunk after timeouts.idleSeconds',
    async (engine) => {
      // Arrange: 2 MB of rows get through, then nothing more, the socket left open.
      const { reader, proxy } = await readerThrough(
        engine,
        { kind: 'stall', afterBytes: 2_000_000 },
        { connectSeconds: 5, statementSeconds: 60, idleSeconds: 1 },
      );

      // Act
      const { error, ms } = await extract(engine, reader);

      // Assert
      expect(proxy.faulted()).toBe(1);
      expect(String(error)).toMatch(
        extractFailure(
          engine,
          proxy.host,
          proxy.port,
          'went silent: the server sent nothing for 1 s (timeouts.idleSeconds)',
        ),
      );
      expect(ms).toBeLessThan(BOUND_MS);
      expect(filesLeft()).toEqual([]);
    },
    30_000,
  );

  it.each(ENGINES)(
    '%s: a statement past timeouts.statementSeconds fails naming the host, and the next one runs',
    async (engine) => {
      // Arrange
      const endpoint = { ...endpointOf(engine), timeouts: FAST };
      const reader = readerOn(endpoint);
      const sleep = engine === 'mysql' ? 'SELECT SLEEP(5) AS slept' : 'SELECT pg_sleep(5) AS slept';

      // Act
      const started = Date.now();
      const error = await reader.query({ sql: sleep, params: [] }).catch((failure: unknown) => failure);
      const ms = Date.now() - started;

      // Assert
      expect(String(error)).toMatch(
        `Replica session on ${endpoint.host}:${endpoint.port} ran out of time: the statement ran past 1 s (timeouts.statementSeconds)`,
      );
      expect(ms).toBeLessThan(3_000);
      await expect(reader.query({ sql: 'SELECT 1 AS one', params: [] })).resolves.toEqual([{ one: '1' }]);
    },
    30_000,
  );

  it('postgres: a session terminated while idle in the pool is dropped, without crashing the process', async () => {
    // Arrange: one pooled session, idle after its first statement.
    const reader = readerOn(endpointOf('postgres'));
    await reader.query({ sql: 'SELECT 1', params: [] });
    const admin = await connectPostgres();

    // Act: pg reports it as the pool's 'error' event, an uncaught exception when nobody listens.
    await admin.query(
      "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1 AND state = 'idle'",
      [applicationName],
    );
    await admin.end();
    await new Promise((resolve) => setTimeout(resolve, 300));

    // Assert
    await expect(reader.query({ sql: 'SELECT 2 AS two', params: [] })).resolves.toEqual([{ two: '2' }]);
  }, 30_000);
});

describe('a chunk whose rows do not all land', () => {
  it('is never published when DuckDB wrote fewer rows than the replica sent', async () => {
    // Arrange: a replica that streams two whole records but reports three.
    const real = readerOn(endpointOf('mysql'));
    const { plan } = planned.get('mysql') ?? fail('no plan');
    const short: ReplicaReader = {
      engine: 'mysql',
      query: (query) => real.query(query),
      columns: (schema, table) => real.columns(schema, table),
      primaryKey: (schema, table) => real.primaryKey(schema, table),
      close: async () => undefined,
      copyToCsv: async (_query, target) => {
        await new Promise<void>((resolve, reject) =>
          target.end('1,row 1\n2,row 2\n', (error?: Error | null) => (error ? reject(error) : resolve())),
        );
        return 3;
      },
    };

    // Act
    const { error } = await extract('mysql', short);

    // Assert
    expect(plan.columns.map((column) => column.source)).toEqual(['id', 'body']);
    expect(String(error)).toMatch(/chunk 0\) failed: the replica sent 3 rows but DuckDB wrote 2/);
    expect(filesLeft()).toEqual([]);
  }, 30_000);
});
