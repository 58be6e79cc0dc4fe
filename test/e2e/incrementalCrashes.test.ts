/**
 * Crash at every step boundary of a replica run, then run again to completion: the curated tables
 * must equal the source, each row version exactly once. On the real MariaDB and PostgreSQL test
 * servers (a database of their own, `crash_lake`), the replica state machine run locally with the
 * handlers' own tasks: an incremental table (a time watermark on MariaDB, with an UPDATE; an
 * integer one on PostgreSQL) and a full-load (`replica-query`) table.
 *
 * A run dies before its n-th write (an object put or delete, a catalog call, the window's claim:
 * see `CrashPoint`), for every n, and the next run (a new process: the catalog reopened) completes;
 * then `<table>` and `<table>_latest` are read through the catalog and compared with the source.
 * Twice: a first run on an empty lake, and a later run after a committed one and source changes.
 */
import { cpSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DuckDBInstance } from '@duckdb/node-api';
import { Client as PostgresClient } from 'pg';
import { openReplicaReader } from '../../lib/adapters/database';
import type { ObjectStore } from '../../lib/adapters/objectStore';
import { FileWatermarkStore, type WatermarkStore } from '../../lib/adapters/watermark';
import { parseConfig, type SourceConfig } from '../../lib/config';
import { sourceDatabaseName } from '../../lib/core/naming';
import { runIdAt } from '../../lib/core/pipeline';
import { openDuckdb } from '../../lib/duckdb';
import { DuckdbCatalog } from '../../lib/local/DuckdbCatalog';
import { FileObjectStore } from '../../lib/local/FileObjectStore';
import { type LocalReplicaPipeline, localReplicaPipeline } from '../../lib/local/localReplicaPipeline';
import { localReplicaTasks } from '../../lib/local/localReplicaTasks';
import { queryLocalCatalog } from '../../lib/local/queryLocalCatalog';
import { runStateMachine } from '../../lib/local/runStateMachine';
import { CrashPoint } from '../helpers/CrashPoint';
import { connectMariadb, postgresUrl, testReplicaEndpoint } from '../helpers/databases';

const LAKE = 'crash';
const DATABASE = 'crash_lake';
/** Rows per chunk, so each table's run fans out over a few chunks (a boundary each). */
const CHUNK_SIZE = 8;
/** In 2037 (MySQL TIMESTAMP ends in 2038); the source's changes fall between the first two. */
const RUN_STARTS = ['2037-01-01T00:00:00.000Z', '2037-02-01T00:00:00.000Z', '2037-03-01T00:00:00.000Z'];
/** Two runs per boundary (about 20 each): about a minute here; room for a slower machine. */
const TEST_TIMEOUT_MS = 15 * 60_000;

type Engine = 'mysql' | 'postgres';

const CONFIG = parseConfig({
  name: LAKE,
  pools: [{ name: 'small', maxConcurrency: 2 }],
  sources: (['mysql', 'postgres'] as const).map((engine) => ({
    name: engine === 'mysql' ? 'shop' : 'billing',
    engine,
    database: DATABASE,
    primary: { instanceIdentifier: `${engine}-db` },
    credentialsSecretArn: `arn:aws:secretsmanager:eu-west-1:123456789012:secret:${engine}-AbCdEf`,
    defaultMode: 'replica-query',
    includeTables: 'listed',
    tables: [
      {
        name: 'events',
        pool: 'small',
        mode: 'incremental',
        watermarkColumn: engine === 'mysql' ? 'updated_at' : 'id',
      },
      { name: 'items', pool: 'small', priority: 10 },
    ],
  })),
});

const sourceOf = (engine: Engine): SourceConfig =>
  CONFIG.sources.find((source) => source.engine === engine) ?? fail(`no ${engine} source`);

/** Runs SQL on the engine's `crash_lake` database; rows as text. */
async function sourceSql(engine: Engine, statements: readonly string[]): Promise<Record<string, string>[]> {
  let rows: Record<string, unknown>[] = [];
  if (engine === 'mysql') {
    const connection = await connectMariadb();
    try {
      await connection.query(`CREATE DATABASE IF NOT EXISTS ${DATABASE}`);
      await connection.query(`USE ${DATABASE}`);
      for (const sql of statements) {
        const [result] = await connection.query(sql);
        rows = Array.isArray(result) ? (result as Record<string, unknown>[]) : [];
      }
    } finally {
      await connection.end();
    }
  } else {
    const url = new URL(postgresUrl());
    url.pathname = `/${DATABASE}`;
    const client = new PostgresClient({ connectionString: url.toString(), options: '-c TimeZone=UTC' });
    await client.connect();
    try {
      for (const sql of statements) rows = (await client.query(sql)).rows;
    } finally {
      await client.end();
    }
  }
  return rows.map((row) => Object.fromEntries(Object.entries(row).map(([k, v]) => [k, String(v)])));
}

async function createPostgresDatabase(): Promise<void> {
  const client = new PostgresClient({ connectionString: postgresUrl() });
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [DATABASE]);
    if (found.rowCount === 0) await client.query(`CREATE DATABASE ${DATABASE}`);
  } finally {
    await client.end();
  }
}

/** The source tables: 30 events before 2037, 12 items. */
async function seed(engine: Engine): Promise<void> {
  const time = engine === 'mysql' ? 'DATETIME(6)' : 'TIMESTAMP(6)';
  const events = Array.from({ length: 30 }, (_, i) => {
    const id = i + 1;
    const at = `2036-01-01 00:${String(id).padStart(2, '0')}:00.${String(id * 1001).padStart(6, '0')}`;
    return `(${id}, '${at}', 'event ${id} 한글 ✨')`;
  });
  const items = Array.from({ length: 12 }, (_, i) => `(${i + 1}, 'item ${i + 1}')`);
  await sourceSql(engine, [
    'DROP TABLE IF EXISTS events',
    'DROP TABLE IF EXISTS items',
    `CREATE TABLE events (id BIGINT NOT NULL PRIMARY KEY, updated_at ${time} NOT NULL, note VARCHAR(100) NOT NULL)`,
    'CREATE TABLE items (id INT NOT NULL PRIMARY KEY, name VARCHAR(100) NOT NULL)',
    `INSERT INTO events (id, updated_at, note) VALUES ${events.join(', ')}`,
    `INSERT INTO items (id, name) VALUES ${items.join(', ')}`,
  ]);
}

/** Between the first and second runs: 12 new events, on MariaDB one event updated, 2 new items. */
async function change(engine: Engine): Promise<void> {
  const events = Array.from({ length: 12 }, (_, i) => {
    const id = i + 31;
    return `(${id}, '2037-01-15 00:00:${String(i).padStart(2, '0')}.123456', 'late event ${id} 🎉')`;
  });
  await sourceSql(engine, [
    `INSERT INTO events (id, updated_at, note) VALUES ${events.join(', ')}`,
    ...(engine === 'mysql'
      ? ["UPDATE events SET note = 'changed 변경', updated_at = '2037-01-16 00:00:00.000001' WHERE id = 5"]
      : []),
    "INSERT INTO items (id, name) VALUES (13, 'item 13'), (14, 'item 14')",
  ]);
}

const EVENT_COLUMNS = {
  mysql: "CAST(id AS CHAR) AS id, DATE_FORMAT(updated_at, '%Y-%m-%d %H:%i:%s.%f') AS updated_at, note",
  postgres: "CAST(id AS TEXT) AS id, to_char(updated_at, 'YYYY-MM-DD HH24:MI:SS.US') AS updated_at, note",
};

/** Rows as sorted `id|updated_at|note` lines (a duplicate shows as a repeated line). */
const lines = (rows: readonly Record<string, string>[]): string[] =>
  rows.map((row) => Object.values(row).join('|')).sort();

async function sourceEvents(engine: Engine): Promise<string[]> {
  return lines(await sourceSql(engine, [`SELECT ${EVENT_COLUMNS[engine]} FROM events`]));
}

async function sourceItems(engine: Engine): Promise<string[]> {
  const id = engine === 'mysql' ? 'CAST(id AS CHAR)' : 'CAST(id AS TEXT)';
  return lines(await sourceSql(engine, [`SELECT ${id} AS id, name FROM items`]));
}

/** The curated view's rows as lines, read through the lake's catalog file. */
async function lakeLines(catalogFile: string, sql: string): Promise<string[]> {
  const result = await queryLocalCatalog(catalogFile, sql);
  return result.rows.map((row) => row.map(String).join('|')).sort();
}

interface Lake {
  readonly dir: string;
  readonly catalogFile: string;
  readonly buckets: string;
}

function lakeIn(dir: string): Lake {
  mkdirSync(join(dir, 'tmp'), { recursive: true });
  return { dir, catalogFile: join(dir, 'catalog.duckdb'), buckets: join(dir, 'lake') };
}

/** One run of the source's replica state machine on `lake`, its writes counted by `crash`. */
async function run(
  engine: Engine,
  local: LocalReplicaPipeline,
  duckdb: DuckDBInstance,
  lake: Lake,
  startTime: string,
  crash: CrashPoint,
): Promise<string> {
  const source = sourceOf(engine);
  const reader = openReplicaReader(testReplicaEndpoint(engine, { database: DATABASE, poolSize: 4 }));
  const catalog = await DuckdbCatalog.open({ file: lake.catalogFile, bucketsRoot: lake.buckets });
  const noop = () => undefined;
  try {
    const objectStore = crash.wrap<ObjectStore>('objectStore', new FileObjectStore(lake.buckets), [
      'uploadFile',
      'putJson',
      'delete',
    ]);
    const tasks = localReplicaTasks(
      {
        config: CONFIG,
        source,
        local,
        reader,
        objectStore,
        catalog: crash.wrap('catalog', catalog, [
          'createTable',
          'updateTable',
          'deleteTable',
          'createPartitions',
          'deletePartitions',
          'upsertView',
        ]),
        watermarks: crash.wrap<WatermarkStore>(
          'watermarks',
          new FileWatermarkStore(join(lake.buckets, 'curated')),
          ['advance'],
        ),
        duckdb,
        salt: 'crash-salt',
        tempRoot: join(lake.dir, 'tmp'),
        chunkSize: CHUNK_SIZE,
        safetyLagSeconds: 0,
      },
      {
        onPlanned: noop,
        onTransformStart: noop,
        onPartDone: noop,
        onCommitStart: noop,
        onCommitted: noop,
        onTableFailed: noop,
      },
    );
    const result = await runStateMachine(
      local.pipeline.stateMachine,
      { runId: runIdAt(new Date(startTime)) },
      { ...tasks, refs: local.refs, startTime },
    );
    return result.status === 'SUCCEEDED' ? 'SUCCEEDED' : `${result.status}: ${result.error}: ${result.cause}`;
  } finally {
    catalog.close();
    await reader.close();
  }
}

/** What differs between the lake's views and the source, one line per difference; none when equal. */
async function differences(engine: Engine, lake: Lake, expectedEvents: readonly string[]): Promise<string[]> {
  const database = sourceDatabaseName(LAKE, sourceOf(engine).name);
  const events = `CAST(id AS VARCHAR), strftime(updated_at, '%Y-%m-%d %H:%M:%S.%f'), note`;
  const views = {
    events: await lakeLines(lake.catalogFile, `SELECT ${events} FROM ${database}.events`),
    events_latest: await lakeLines(lake.catalogFile, `SELECT ${events} FROM ${database}.events_latest`),
    items: await lakeLines(lake.catalogFile, `SELECT CAST(id AS VARCHAR), name FROM ${database}.items`),
    items_latest: await lakeLines(
      lake.catalogFile,
      `SELECT CAST(id AS VARCHAR), name FROM ${database}.items_latest`,
    ),
  };
  const expected = {
    events: expectedEvents,
    events_latest: await sourceEvents(engine),
    items: await sourceItems(engine),
    items_latest: await sourceItems(engine),
  };
  return Object.entries(views).flatMap(([view, rows]) => {
    const want = expected[view as keyof typeof expected];
    if (JSON.stringify(rows) === JSON.stringify(want)) return [];
    const duplicates = rows.length - new Set(rows).size;
    return [`${view}: ${rows.length} rows (${duplicates} duplicated), source ${want.length}`];
  });
}

/** One crashed run's effect on the lake, one line per difference from the source; none when equal. */
interface CrashCase {
  readonly engine: Engine;
  readonly local: LocalReplicaPipeline;
  readonly duckdb: DuckDBInstance;
  /** The lake the crashed run starts from (copied for each crash point). */
  readonly from: Lake;
  readonly crashedStart: string;
  readonly rerunStart: string;
  /** Every version of every event, once. */
  readonly expectedEvents: readonly string[];
}

/**
 * Runs the crashed run once uncrashed to count its writes, then for each write n: a copy of
 * `from`, the run dying before write n, a rerun to completion, the views compared with the source.
 */
async function crashAtEveryBoundary(
  c: CrashCase,
  root: string,
): Promise<{ boundaries: number; failures: string[] }> {
  const dry = lakeIn(join(root, 'dry'));
  cpSync(c.from.dir, dry.dir, { recursive: true });
  const counted = new CrashPoint();
  const uncrashed = await run(c.engine, c.local, c.duckdb, dry, c.crashedStart, counted);
  const failures = [
    ...(uncrashed === 'SUCCEEDED' ? await differences(c.engine, dry, c.expectedEvents) : [uncrashed]),
  ].map((line) => `uncrashed: ${line}`);
  rmSync(dry.dir, { recursive: true, force: true });
  for (let crashAt = 1; crashAt <= counted.writes.length; crashAt += 1) {
    const lake = lakeIn(join(root, `crash-${crashAt}`));
    cpSync(c.from.dir, lake.dir, { recursive: true });
    const crash = new CrashPoint(crashAt);
    const crashed = await run(c.engine, c.local, c.duckdb, lake, c.crashedStart, crash);
    const rerun = await run(c.engine, c.local, c.duckdb, lake, c.rerunStart, new CrashPoint());
    const wrong = rerun === 'SUCCEEDED' ? await differences(c.engine, lake, c.expectedEvents) : [rerun];
    // Deleting the stored run's lists is best effort (the state machine catches a failed delete and
    // the raw lifecycle rule removes what is left): a crash at the last one leaves a finished run.
    const cleanupOnly = crash.refused?.startsWith('objectStore.delete(replica-runs/') === true;
    if (crashed === 'SUCCEEDED' && !cleanupOnly) wrong.push('the crashed run succeeded');
    for (const line of wrong) failures.push(`crash before ${crash.refused}: ${line}`);
    rmSync(lake.dir, { recursive: true, force: true });
  }
  return { boundaries: counted.writes.length, failures };
}

describe.each(['mysql', 'postgres'] as const)('a %s replica run crashed at every step boundary', (engine) => {
  let root: string;
  let duckdb: DuckDBInstance;
  let local: LocalReplicaPipeline;

  beforeAll(async () => {
    if (engine === 'postgres') await createPostgresDatabase();
    await seed(engine);
    root = mkdtempSync(join(tmpdir(), `crashes-${engine}-`));
    duckdb = await openDuckdb({ threads: 2 });
    local = localReplicaPipeline(CONFIG, sourceOf(engine));
  }, 120_000);

  afterAll(async () => {
    duckdb?.closeSync();
    if (root !== undefined) rmSync(root, { recursive: true, force: true });
    await sourceSql(engine, ['DROP TABLE IF EXISTS events', 'DROP TABLE IF EXISTS items']);
  });

  it(
    'first run: after the rerun each table equals the source, every row once',
    async () => {
      // Arrange: an empty lake
      const empty = lakeIn(join(root, 'empty'));

      // Act
      const { boundaries, failures } = await crashAtEveryBoundary(
        {
          engine,
          local,
          duckdb,
          from: empty,
          crashedStart: RUN_STARTS[0] ?? '',
          rerunStart: RUN_STARTS[1] ?? '',
          expectedEvents: await sourceEvents(engine),
        },
        join(root, 'first'),
      );

      // Assert
      expect(boundaries).toBeGreaterThan(10);
      expect(failures).toEqual([]);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'later run: after the rerun each table equals the source, every row version once in <table>, the newest in <table>_latest',
    async () => {
      // Arrange: a committed first run, then the source changes
      const baseline = lakeIn(join(root, 'baseline'));
      expect(await run(engine, local, duckdb, baseline, RUN_STARTS[0] ?? '', new CrashPoint())).toBe(
        'SUCCEEDED',
      );
      const before = await sourceEvents(engine);
      await change(engine);

      // Act
      const { boundaries, failures } = await crashAtEveryBoundary(
        {
          engine,
          local,
          duckdb,
          from: baseline,
          crashedStart: RUN_STARTS[1] ?? '',
          rerunStart: RUN_STARTS[2] ?? '',
          expectedEvents: [...new Set([...before, ...(await sourceEvents(engine))])].sort(),
        },
        join(root, 'later'),
      );

      // Assert
      expect(boundaries).toBeGreaterThan(10);
      expect(failures).toEqual([]);
    },
    TEST_TIMEOUT_MS,
  );
});
