import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ReplicaReader, SourceColumn, TextRow } from '../../../lib/adapters/database';
import type { ReplicaReaders } from '../../../lib/adapters/database/ReplicaReaders';
import { FileWatermarkStore } from '../../../lib/adapters/watermark';
import { ReplicaLagError, ReplicaLagUnmeasuredError } from '../../../lib/core/errors';
import { AURORA_REPLICA_STATUS_SQL } from '../../../lib/core/extract/AURORA_REPLICA_STATUS_SQL';
import type { ReplicaChunkWork, ReplicaRunManifest, ReplicaTableItem } from '../../../lib/core/orchestration';
import { DuckdbCatalog } from '../../../lib/local/DuckdbCatalog';
import { FileObjectStore } from '../../../lib/local/FileObjectStore';
import type { ReplicaPlanSettings } from '../../../lib/tasks/replicaPlan/replicaPlanSettingsSchema';
import { type ReplicaPlanDeps, replicaPlanTask } from '../../../lib/tasks/replicaPlan/replicaPlanTask';
import { parsedConfig, validSource, validTable } from '../../helpers/configFactory';

const SETTINGS: ReplicaPlanSettings = {
  REPLICA_ENGINE: 'mysql',
  REPLICA_PORT: 3306,
  REPLICA_DATABASE: 'service',
  REPLICA_CONNECT_TIMEOUT_SECONDS: 10,
  REPLICA_STATEMENT_TIMEOUT_SECONDS: 540,
  REPLICA_IDLE_TIMEOUT_SECONDS: 120,
  CREDENTIALS_SECRET_ARN: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:service-reader-AbCdEf',
  REPLICA_HOSTS: ['r1.example', 'r2.example'],
  REPLICA_UNMEASURED_LAG: 'fail',
  GLUE_DATABASE: 'testlake_service',
  CURATED_BUCKET: 'curated',
  REPLICA_RUNS_BUCKET: 'raw',
};
const LAG = { step: 'lag', source: 'service', maxLagSeconds: 60 } as const;
const RUN_ID = '20261123T040000Z';

/** A replica whose every query returns `rows`; `columns` and `primaryKey` describe its one table. */
function replica(rows: TextRow[], table: { columns?: SourceColumn[]; primaryKey?: string[] } = {}) {
  const sent: string[] = [];
  const reader: ReplicaReader = {
    engine: 'mysql',
    query: async (query) => {
      sent.push(query.sql);
      return rows;
    },
    columns: async () => table.columns ?? [],
    primaryKey: async () => table.primaryKey ?? [],
    copyToCsv: async () => {
      throw new Error('the plan never copies rows');
    },
    close: async () => {
      throw new Error('the task must not close a reader it is lent');
    },
  };
  return { reader, sent };
}

/** Readers by host, recording the hosts in the order they were used. */
function replicasOf(readers: Record<string, ReplicaReader>): ReplicaReaders & { used: string[] } {
  const used: string[] = [];
  return {
    used,
    withReader: async (host, use) => {
      used.push(host);
      const reader = readers[host];
      if (reader === undefined) throw new Error(`no replica ${host}`);
      return use(reader);
    },
  };
}

describe('replicaPlanTask', () => {
  let root: string;
  let catalog: DuckdbCatalog;
  const warned: unknown[][] = [];
  const logger = {
    info: () => undefined,
    warn: (...args: unknown[]) => {
      warned.push(args);
    },
    error: () => undefined,
  };

  beforeEach(async () => {
    root = mkdtempSync(join(tmpdir(), 'replica-plan-task-'));
    catalog = await DuckdbCatalog.open({ file: join(root, 'catalog.duckdb'), bucketsRoot: root });
    warned.length = 0;
  });
  afterEach(() => {
    catalog.close();
    rmSync(root, { recursive: true, force: true });
  });

  function deps(replicas: ReplicaReaders, settings: Partial<ReplicaPlanSettings> = {}): ReplicaPlanDeps {
    return {
      replicas,
      objectStore: new FileObjectStore(root),
      catalog,
      watermarks: new FileWatermarkStore(join(root, 'curated')),
      settings: { ...SETTINGS, ...settings },
      logger,
    };
  }

  describe('lag', () => {
    it('checks every replica in turn and returns the largest lag', async () => {
      // Arrange
      const replicas = replicasOf({
        'r1.example': replica([{ Seconds_Behind_Master: '3' }]).reader,
        'r2.example': replica([{ Seconds_Behind_Master: '7' }]).reader,
      });

      // Act
      const lag = await replicaPlanTask(LAG, deps(replicas));

      // Assert
      expect(lag).toEqual({ lagSeconds: 7, unmeasured: [] });
      expect(replicas.used).toEqual(['r1.example', 'r2.example']);
      expect(warned).toEqual([]);
    });

    it('fails on the first replica beyond the limit without reading the next', async () => {
      // Arrange
      const replicas = replicasOf({
        'r1.example': replica([{ Seconds_Behind_Master: '90' }]).reader,
        'r2.example': replica([{ Seconds_Behind_Master: '0' }]).reader,
      });

      // Act
      const attempt = replicaPlanTask(LAG, deps(replicas));

      // Assert
      await expect(attempt).rejects.toThrow(ReplicaLagError);
      expect(replicas.used).toEqual(['r1.example']);
    });

    it('fails on a lag it cannot measure when the function says fail', async () => {
      // Arrange: a server that reports no replication
      const replicas = replicasOf({ 'r1.example': replica([]).reader, 'r2.example': replica([]).reader });

      // Act
      const attempt = replicaPlanTask(LAG, deps(replicas));

      // Assert
      await expect(attempt).rejects.toThrow(ReplicaLagUnmeasuredError);
      await expect(replicaPlanTask(LAG, deps(replicas))).rejects.toThrow(
        /r1\.example reports no replication/,
      );
    });

    it('reads on when the function says warn, returning and logging every replica’s reason', async () => {
      // Arrange
      const replicas = replicasOf({
        'r1.example': replica([]).reader,
        'r2.example': replica([{ Seconds_Behind_Master: '4' }]).reader,
      });

      // Act
      const lag = await replicaPlanTask(LAG, deps(replicas, { REPLICA_UNMEASURED_LAG: 'warn' }));

      // Assert
      const reasons = ['r1.example reports no replication (SHOW REPLICA STATUS returns no row)'];
      expect(lag).toEqual({ lagSeconds: 4, unmeasured: reasons });
      expect(warned).toEqual([
        [
          'Replica lag not measured; reading anyway (replica.unmeasuredLag: warn)',
          { source: 'service', unmeasured: reasons },
        ],
      ]);
    });

    it('reads every Aurora reader’s lag once, through the analytics endpoint', async () => {
      // Arrange
      const analytics = replica([
        { server_id: 'reader-1', session_id: 'a1', lag_ms: '1500' },
        { server_id: 'reader-2', session_id: 'b2', lag_ms: '20' },
      ]);
      const replicas = replicasOf({ 'analytics.example': analytics.reader });

      // Act
      const lag = await replicaPlanTask(
        LAG,
        deps(replicas, {
          REPLICA_HOSTS: ['analytics.example'],
          REPLICA_AURORA_INSTANCES: ['reader-1', 'reader-2'],
        }),
      );

      // Assert
      expect(lag).toEqual({ lagSeconds: 1.5, unmeasured: [] });
      expect(analytics.sent).toEqual([AURORA_REPLICA_STATUS_SQL.mysql]);
    });
  });

  describe('plan', () => {
    const config = parsedConfig({
      sources: [
        validSource({
          defaultMode: 'replica-query',
          includeTables: 'listed',
          tables: [validTable({ name: 'users', columns: {} })],
        }),
      ],
    });
    const planEvent = (source = 'service') => ({
      step: 'plan',
      config: JSON.parse(JSON.stringify(config)),
      source,
      runId: RUN_ID,
      runStart: '2026-11-23T04:00:00.000Z',
    });
    const users = {
      columns: [
        { name: 'id', type: { engine: 'mysql', dataType: 'int', columnType: 'int(11)' } },
        { name: 'name', type: { engine: 'mysql', dataType: 'varchar', columnType: 'varchar(100)' } },
      ] satisfies SourceColumn[],
      primaryKey: ['id'],
    };

    it('plans on the first replica, spreads the chunks over every replica and stores the lists in the runs bucket', async () => {
      // Arrange
      const first = replica([{ row_count: '10', min_key: '1', max_key: '10' }], users);
      const replicas = replicasOf({ 'r1.example': first.reader });
      const store = new FileObjectStore(root);

      // Act
      const manifest = (await replicaPlanTask(planEvent(), {
        ...deps(replicas),
        tuning: { chunkSize: 4 },
      })) as ReplicaRunManifest;

      // Assert
      expect(replicas.used).toEqual(['r1.example']);
      expect(manifest).toMatchObject({
        runId: RUN_ID,
        bucket: 'raw',
        pools: { default: { tables: { count: 1 } } },
      });
      const key = manifest.pools.default?.key ?? fail('no chunks in the default pool');
      const chunks = (await store.getJson('raw', key)) as ReplicaChunkWork[];
      expect(chunks.map((work) => [work.chunk.index, work.host])).toEqual([
        [0, 'r1.example'],
        [1, 'r2.example'],
        [2, 'r1.example'],
      ]);
    });

    it("plans an incremental table after the watermark its view's last commit recorded, claiming from the stored claim's version", async () => {
      // Arrange: run R committed up to id 20; a later run claimed the table and never committed
      const committedRun = '20261122T040000Z';
      const incremental = parsedConfig({
        sources: [
          validSource({
            defaultMode: 'replica-query',
            includeTables: 'listed',
            tables: [validTable({ name: 'users', mode: 'incremental', watermarkColumn: 'id', columns: {} })],
          }),
        ],
      });
      await catalog.createTable(SETTINGS.GLUE_DATABASE, {
        name: 'users',
        columns: [{ name: 'id', type: 'int' }],
        partitionKeys: [],
        location: 's3://curated/service/users/',
        parameters: { datalake_run_id: committedRun, datalake_watermark: '20' },
      });
      const watermarks = new FileWatermarkStore(join(root, 'curated'));
      const claim = await watermarks.advance('service', 'users', '25', '20261122T050000Z', undefined);
      const first = replica([{ row_count: '10', min_key: '21', max_key: '30' }], users);

      // Act
      const manifest = (await replicaPlanTask(
        { ...planEvent(), config: JSON.parse(JSON.stringify(incremental)) },
        deps(replicasOf({ 'r1.example': first.reader })),
      )) as ReplicaRunManifest;

      // Assert
      const [item] = (await new FileObjectStore(root).getJson(
        'raw',
        manifest.pools.default?.tables.key ?? fail('no table list in the default pool'),
      )) as ReplicaTableItem[];
      expect(item?.plan.window).toEqual({ through: '30', afterRun: committedRun });
      expect(item?.watermark).toEqual({
        source: 'service',
        table: 'users',
        value: '30',
        runId: RUN_ID,
        etag: claim.etag,
      });
      expect(first.sent.some((sql) => sql.includes('`id` > 20'))).toBe(true);
    });

    it('logs a table read in fewer chunks than asked', async () => {
      // Arrange: no primary key
      const first = replica([{ row_count: '10' }], { columns: users.columns, primaryKey: [] });

      // Act
      const manifest = (await replicaPlanTask(
        planEvent(),
        deps(replicasOf({ 'r1.example': first.reader })),
      )) as ReplicaRunManifest;

      // Assert
      expect(manifest.warnings).toBe(1);
      expect(warned).toEqual([
        [
          expect.stringMatching(/^service\.users has no single-column primary key/),
          { runId: expect.stringMatching(/^\d{8}T\d{6}Z$/), source: 'service' },
        ],
      ]);
    });

    it('refuses a source the config does not hold, naming it, before reading a replica', async () => {
      // Arrange
      const replicas = replicasOf({});

      // Act
      const attempt = replicaPlanTask(planEvent('payments'), deps(replicas));

      // Assert
      await expect(attempt).rejects.toThrow(
        'Unknown source "payments" in the replica plan task input; allowed: "service"',
      );
      expect(replicas.used).toEqual([]);
    });

    it('refuses an event that still names a run bucket: where the lists go is the function’s setting', async () => {
      // Act
      const attempt = replicaPlanTask({ ...planEvent(), runBucket: 'raw' }, deps(replicasOf({})));

      // Assert
      await expect(attempt).rejects.toThrow(/runBucket/);
    });
  });
});
