/**
 * The replica pipeline's synthesized state machine run locally (aws-local-stepfunctions) with the
 * handlers' own task functions behind its Lambdas (replica plan, extract, commit, advance
 * watermark) on the real MariaDB and PostgreSQL test servers: a full load and two
 * incremental loads with an UPDATE and an INSERT in between, the pool bound seen on the server,
 * and a failing commit that leaves the committed watermark where it was.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DuckDBInstance } from '@duckdb/node-api';
import { openReplicaReader, type ReplicaReader } from '../../lib/adapters/database';
import { FileWatermarkStore } from '../../lib/adapters/watermark';
import { parseConfig, type SourceConfig } from '../../lib/config';
import { type CommittedWatermark, committedWatermark } from '../../lib/core/commit';
import { DataLakeError } from '../../lib/core/errors';
import type { ReplicaChunkWork, ReplicaRunManifest, ReplicaTableItem } from '../../lib/core/orchestration';
import { runIdAt } from '../../lib/core/pipeline';
import { quoteLiteral } from '../../lib/core/transform';
import { openDuckdb, queryRows, withConnection } from '../../lib/duckdb';
import { DuckdbCatalog } from '../../lib/local/DuckdbCatalog';
import { FileObjectStore } from '../../lib/local/FileObjectStore';
import { localReplicaPipeline } from '../../lib/local/localReplicaPipeline';
import { localReplicaTasks } from '../../lib/local/localReplicaTasks';
import { type LocalExecutionResult, runStateMachine } from '../../lib/local/runStateMachine';
import { marketplaceSource } from '../helpers/configFactory';
import {
  loadFixture,
  mariadbQuery,
  postgresQuery,
  replicaSessions,
  testReplicaEndpoint,
} from '../helpers/databases';

const POOL_SIZE = 2;
/** Below the config's minimum on purpose, so the small fixture tables fan out over the pool. */
const CHUNK_SIZE = 3;
const APPLICATION_NAME = 'datalake-replica-sm-test';
/** Run starts in 2037 (MySQL TIMESTAMP ends in 2038), so every change below falls in a window. */
const RUN_STARTS = ['2037-01-01T00:00:00.000Z', '2037-02-01T00:00:00.000Z', '2037-03-01T00:00:00.000Z'];

const CONFIG = parseConfig({
  name: 'replica-sm',
  pools: [{ name: 'small', maxConcurrency: POOL_SIZE }],
  sources: [
    marketplaceSource({
      defaultMode: 'replica-query',
      includeTables: 'listed',
      tables: [
        {
          name: 'users',
          pool: 'small',
          mode: 'incremental',
          watermarkColumn: 'updated_at',
          columns: { email: { mask: 'hash' }, phone: { mask: 'redact' }, password_hash: 'drop' },
        },
        { name: 'items', pool: 'small', priority: 10 },
        {
          name: 'orders',
          pool: 'small',
          mode: 'incremental',
          watermarkColumn: 'id',
          columns: { legacy_amount: { cast: 'string' } },
        },
      ],
    }),
    {
      name: 'payments',
      engine: 'postgres',
      database: 'payments',
      primary: { instanceIdentifier: 'payments-db' },
      credentialsSecretArn: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:payments-AbCdEf',
      // Two replicas: locally the one source database stands in for both.
      replica: { count: 2 },
      defaultMode: 'replica-query',
      includeTables: 'listed',
      tables: [
        {
          name: 'payments',
          pool: 'small',
          mode: 'incremental',
          watermarkColumn: 'id',
          columns: { fee: { cast: 'string' } },
        },
        { name: 'refunds', pool: 'small' },
      ],
    },
  ],
});

const sourceNamed = (name: string): SourceConfig =>
  CONFIG.sources.find((source) => source.name === name) ?? fail(`no source ${name}`);

function readerOf(source: SourceConfig): ReplicaReader {
  // Larger than the pool on purpose: only the state machine's Map may hold the bound.
  return openReplicaReader(
    testReplicaEndpoint(source.engine, {
      database: source.database,
      poolSize: 6,
      applicationName: APPLICATION_NAME,
    }),
  );
}

async function sourceIds(source: SourceConfig, sql: string): Promise<string[]> {
  const rows = source.engine === 'mysql' ? await mariadbQuery(sql) : await postgresQuery(sql);
  return rows.map((row) => String(row.id)).sort();
}

interface Harness {
  readonly root: string;
  readonly lake: string;
  readonly duckdb: DuckDBInstance;
  readonly catalog: DuckdbCatalog;
  readonly watermarks: FileWatermarkStore;
}

async function harness(): Promise<Harness> {
  const root = mkdtempSync(join(tmpdir(), 'replica-sm-'));
  const lake = join(root, 'lake');
  return {
    root,
    lake,
    duckdb: await openDuckdb({ threads: 2 }),
    catalog: await DuckdbCatalog.open({ file: join(root, 'catalog.duckdb'), bucketsRoot: lake }),
    watermarks: new FileWatermarkStore(join(lake, 'curated')),
  };
}

/**
 * The lake's object store, keeping what the run deletes from its stored run (`replica-runs/…`
 * JSON lists, removed once their Maps are done) so the test can read the lists afterwards.
 */
class RunListsKeepingStore extends FileObjectStore {
  public readonly deleted = new Map<string, unknown>();

  public override async delete(bucket: string, keys: readonly string[]): Promise<void> {
    for (const key of keys.filter((candidate) => candidate.startsWith('replica-runs/'))) {
      this.deleted.set(key, await this.getJson(bucket, key));
    }
    await super.delete(bucket, keys);
  }
}

interface RunOutcome {
  readonly result: LocalExecutionResult;
  readonly manifest?: ReplicaRunManifest;
  /** The run's table list of the pool `small`, as stored (and deleted after its commits). */
  readonly tables: readonly ReplicaTableItem[];
  /** The run's chunk list of the pool `small`, as stored (and deleted after its Map). */
  readonly smallChunks: readonly ReplicaChunkWork[];
  /** The stored run's lists the run deleted. */
  readonly deletedLists: readonly string[];
  readonly mostSessions: number;
}

/** Runs the source's synthesized replica state machine once, sampling the server's sessions. */
async function runReplica(
  h: Harness,
  source: SourceConfig,
  startTime: string,
  commitFails?: string,
): Promise<RunOutcome> {
  const local = localReplicaPipeline(CONFIG, source);
  const reader = readerOf(source);
  const objectStore = new RunListsKeepingStore(h.lake);
  let manifest: ReplicaRunManifest | undefined;
  const noop = () => undefined;
  const tasks = localReplicaTasks(
    {
      config: CONFIG,
      source,
      local,
      reader,
      objectStore,
      catalog: h.catalog,
      watermarks: h.watermarks,
      duckdb: h.duckdb,
      salt: 'test-salt',
      tempRoot: h.root,
      chunkSize: CHUNK_SIZE,
      safetyLagSeconds: 0,
    },
    {
      onPlanned: (planned) => {
        manifest = planned;
      },
      onTransformStart: noop,
      onPartDone: noop,
      onCommitStart: (tablePlan) => {
        if (tablePlan.table === commitFails)
          throw new DataLakeError(`commit of ${tablePlan.table} refused by the test`);
      },
      onCommitted: noop,
      onTableFailed: noop,
    },
  );
  let done = false;
  let most = 0;
  const sampler = (async () => {
    while (!done) {
      most = Math.max(most, await replicaSessions(source.engine, APPLICATION_NAME));
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  })();
  try {
    const result = await runStateMachine(
      local.pipeline.stateMachine,
      { runId: runIdAt(new Date(startTime)) },
      { ...tasks, refs: local.refs, startTime },
    );
    const stored = async <T>(key: string | undefined): Promise<T[]> =>
      manifest === undefined || key === undefined
        ? []
        : ((objectStore.deleted.get(key) ?? (await objectStore.getJson(manifest.bucket, key))) as T[]);
    return {
      result,
      ...(manifest ? { manifest } : {}),
      tables: await stored<ReplicaTableItem>(manifest?.pools.small?.tables.key),
      smallChunks: await stored<ReplicaChunkWork>(manifest?.pools.small?.key),
      deletedLists: [...objectStore.deleted.keys()],
      mostSessions: most,
    };
  } finally {
    done = true;
    await sampler;
    await reader.close();
  }
}

/** Ids in the curated Parquet of one run of a table. */
async function lakeIds(h: Harness, source: string, table: string, runId: string): Promise<string[]> {
  const rows = await withConnection(h.duckdb, (connection) =>
    queryRows(
      connection,
      `SELECT CAST(id AS VARCHAR) AS id FROM read_parquet(${quoteLiteral(join(h.lake, 'curated', source, table, `run=${runId}`, '*.parquet'))})`,
    ),
  );
  return rows.map((row) => String(row.id)).sort();
}

/** The run and watermark the table's last commit recorded with its view. */
async function committed(
  h: Harness,
  source: SourceConfig,
  table: string,
): Promise<CommittedWatermark | undefined> {
  const { database } = localReplicaPipeline(CONFIG, source);
  return committedWatermark((await h.catalog.getTable(database, table))?.parameters);
}

function windowOf(run: RunOutcome, table: string) {
  return run.tables.find((candidate) => candidate.plan.table === table)?.watermark;
}

describe('replica state machine on the real test servers', () => {
  let h: Harness;
  beforeEach(async () => {
    await Promise.all([loadFixture('mysql'), loadFixture('postgres')]);
    h = await harness();
  });
  afterEach(() => {
    h.catalog.close();
    h.duckdb.closeSync();
    rmSync(h.root, { recursive: true, force: true });
  });
  afterAll(() => Promise.all([loadFixture('mysql'), loadFixture('postgres')]));

  it('loads MariaDB tables in full, then an UPDATE and an INSERT land in the next incremental runs, within the pool', async () => {
    // Arrange
    const source = sourceNamed('service');

    // Act: three runs, the source changed between them; each run's curated ids read right after it
    // (older runs of a table are removed by the commit's retention)
    const [run1, run2, run3] = RUN_STARTS.map((start) => runIdAt(new Date(start)));
    const first = await runReplica(h, source, RUN_STARTS[0] ?? '');
    const usersThrough1 = windowOf(first, 'users')?.value ?? '';
    const firstUsers = await lakeIds(h, 'service', 'users', run1 ?? '');
    const sourceUsers = await sourceIds(
      source,
      `SELECT id FROM users WHERE updated_at <= ${quoteLiteral(usersThrough1)}`,
    );
    await mariadbQuery(
      "UPDATE users SET nickname = '새 닉네임 ✨', updated_at = '2037-01-15 00:00:00' WHERE id = 1",
    );
    await mariadbQuery(
      "INSERT INTO orders (id, order_no, item_id, buyer_id, status, unit_price, total_krw, ordered_at) VALUES (21, 'ORD-2037-00021', 1, 3, 'paid', 15000.00, 15000, '2037-01-16 00:00:00')",
    );
    const second = await runReplica(h, source, RUN_STARTS[1] ?? '');
    const secondUsers = await lakeIds(h, 'service', 'users', run2 ?? '');
    const secondOrders = await lakeIds(h, 'service', 'orders', run2 ?? '');
    const nickname = await withConnection(h.duckdb, (connection) =>
      queryRows(
        connection,
        `SELECT nickname FROM read_parquet(${quoteLiteral(join(h.lake, 'curated', 'service', 'users', `run=${run2}`, '*.parquet'))})`,
      ),
    );
    await mariadbQuery("UPDATE users SET status = 'banned', updated_at = '2037-02-10 00:00:00' WHERE id = 2");
    const third = await runReplica(h, source, RUN_STARTS[2] ?? '');

    // Assert: every run succeeded within the pool
    for (const run of [first, second, third]) {
      expect(run.result.status).toBe('SUCCEEDED');
      expect(run.mostSessions).toBeGreaterThan(0);
      expect(run.mostSessions).toBeLessThanOrEqual(POOL_SIZE);
    }
    // The first incremental run holds every user with a watermark up to its window's end.
    expect(firstUsers).toEqual(sourceUsers);
    // Run 2 holds exactly the updated user and the inserted order; run 3 the next update.
    expect(secondUsers).toEqual(['1']);
    expect(secondOrders).toEqual(['21']);
    expect(nickname).toEqual([{ nickname: '새 닉네임 ✨' }]);
    expect(await lakeIds(h, 'service', 'users', run3 ?? '')).toEqual(['2']);
    // The latest full load holds every item.
    expect(await lakeIds(h, 'service', 'items', run3 ?? '')).toEqual(
      await sourceIds(source, 'SELECT id FROM items'),
    );
    expect(await committed(h, source, 'orders')).toEqual({ runId: run3, value: '21' });
  });

  it('fans PostgreSQL chunks out over the pool and over both replicas in turn', async () => {
    // Arrange
    const source = sourceNamed('payments');

    // Act
    const run = await runReplica(h, source, RUN_STARTS[0] ?? '');

    // Assert
    expect(run.result.status).toBe('SUCCEEDED');
    expect(run.mostSessions).toBeLessThanOrEqual(POOL_SIZE);
    const runId = runIdAt(new Date(RUN_STARTS[0] ?? ''));
    expect(await lakeIds(h, 'payments', 'payments', runId)).toEqual(
      await sourceIds(source, 'SELECT id FROM payments'),
    );
    expect(await lakeIds(h, 'payments', 'refunds', runId)).toEqual(
      await sourceIds(source, 'SELECT id FROM refunds'),
    );
    expect(run.manifest?.pools.small?.chunks).toBeGreaterThan(2);
    // Raw kept short (issue 15): the run deleted its table and chunk lists once it was done with them.
    expect([...run.deletedLists].sort()).toEqual(
      [run.manifest?.pools.small?.tables.key, run.manifest?.pools.small?.key].sort(),
    );
    // The plan spreads the chunks over the two replica hosts of the synthesized plan function, as in AWS.
    const hosts = run.smallChunks.map((work) => work.host);
    expect(new Set(hosts).size).toBe(2);
    expect(hosts.every((host, index) => index === 0 || host !== hosts[index - 1])).toBe(true);
  });

  it('leaves the committed watermark where it was when a commit fails, commits the other tables, names the table, and reads the window again', async () => {
    // Arrange: a committed first run
    const source = sourceNamed('service');
    await runReplica(h, source, RUN_STARTS[0] ?? '');
    const before = await committed(h, source, 'orders');
    await mariadbQuery(
      "INSERT INTO orders (id, order_no, item_id, buyer_id, status, unit_price, total_krw, ordered_at) VALUES (21, 'ORD-2037-00021', 1, 3, 'paid', 15000.00, 15000, '2037-01-16 00:00:00')",
    );

    // Act
    const failed = await runReplica(h, source, RUN_STARTS[1] ?? '', 'orders');

    // Assert
    expect(failed.result).toEqual({
      status: 'FAILED',
      error: 'TableFailed',
      cause: 'Tables failed, the others are committed: [{"failed":"orders"}]',
    });
    // users, planned in the same run, is committed: its view moved to the failed run
    expect((await committed(h, source, 'users'))?.runId).toBe(runIdAt(new Date(RUN_STARTS[1] ?? '')));
    expect(await committed(h, source, 'orders')).toEqual(before);
    expect(before).toEqual({ runId: runIdAt(new Date(RUN_STARTS[0] ?? '')), value: '20' });
    const next = await runReplica(h, source, RUN_STARTS[2] ?? '');
    expect(next.result.status).toBe('SUCCEEDED');
    expect(await lakeIds(h, 'service', 'orders', runIdAt(new Date(RUN_STARTS[2] ?? '')))).toEqual(['21']);
  });
});
