import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DuckDBInstance } from '@duckdb/node-api';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { openReplicaReader, type ReplicaReader } from '../../lib/adapters/database';
import { FileWatermarkStore } from '../../lib/adapters/watermark';
import type { DataLakeConfig, SourceConfig } from '../../lib/config';
import { openDuckdb } from '../../lib/duckdb';
import { DuckdbCatalog } from '../../lib/local/DuckdbCatalog';
import { FileObjectStore } from '../../lib/local/FileObjectStore';
import { type LocalReplicaPipeline, localReplicaPipeline } from '../../lib/local/localReplicaPipeline';
import { localReplicaTasks } from '../../lib/local/localReplicaTasks';
import { advanceWatermarkTask } from '../../lib/tasks/advanceWatermark/advanceWatermarkTask';
import { commitTask } from '../../lib/tasks/commit/commitTask';
import { extractTask } from '../../lib/tasks/extract/extractTask';
import { replicaPlanTask } from '../../lib/tasks/replicaPlan/replicaPlanTask';
import type { BoundTask } from '../../lib/tasks/Task';
import { parsedConfig, validSource, validTable } from '../helpers/configFactory';
import { loadHandler, NO_LOCAL_HOOKS } from '../helpers/lambdaHandlers';
import { tablePlan } from '../helpers/tablePlanFactory';

let work: string;
let duckdb: DuckDBInstance;
let catalog: DuckdbCatalog;
let reader: ReplicaReader;
let config: DataLakeConfig;
let source: SourceConfig;
let local: LocalReplicaPipeline;
const loadedEnv = new Set<string>();

/** The handler module of `name`, loaded with the environment the construct gives `fn`, as on Lambda. */
function handlerOf(name: string, fn: IFunction): BoundTask<unknown> {
  return loadHandler(name, fn, local.refs, loadedEnv);
}

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'local-replica-tasks-'));
  duckdb = await openDuckdb({ threads: 1 });
  catalog = await DuckdbCatalog.open({ file: join(work, 'catalog.duckdb'), bucketsRoot: work });
  // Never connects: no test here queries it.
  reader = openReplicaReader({
    engine: 'mysql',
    host: '127.0.0.1',
    port: 9,
    database: 'service',
    user: 'nobody',
    password: '',
    tls: false,
  });
  config = parsedConfig({
    sources: [
      validSource({
        defaultMode: 'replica-query',
        replica: { count: 2 },
        tables: [validTable(), validTable({ name: 'orders', mode: 'incremental', watermarkColumn: 'id' })],
      }),
    ],
  });
  source = config.sources[0] ?? fail('no source');
  local = localReplicaPipeline(config, source);
});

afterAll(async () => {
  await reader.close();
  catalog.close();
  duckdb.closeSync();
  for (const key of loadedEnv) delete process.env[key];
  rmSync(work, { recursive: true, force: true });
});

function tasks() {
  return localReplicaTasks(
    {
      config,
      source,
      local,
      reader,
      objectStore: new FileObjectStore(work),
      catalog,
      watermarks: new FileWatermarkStore(join(work, 'curated')),
      duckdb,
      salt: 'salt',
      tempRoot: work,
    },
    NO_LOCAL_HOOKS,
  );
}

describe('localReplicaTasks', () => {
  it('runs the very task functions the replica handlers bind: replica plan, extract, commit, advance watermark', () => {
    // Arrange
    const { pipeline } = local;
    const handlers = new Map<IFunction, BoundTask<unknown>>([
      [pipeline.planFunction, handlerOf('replica-plan', pipeline.planFunction)],
      [pipeline.extractFunction, handlerOf('extract', pipeline.extractFunction)],
      [pipeline.commitFunction, handlerOf('commit', pipeline.commitFunction)],
      [pipeline.advanceFunction, handlerOf('advance-watermark', pipeline.advanceFunction)],
    ]);

    // Act
    const { lambdas } = tasks();

    // Assert
    expect([...lambdas.keys()]).toEqual([...handlers.keys()]);
    for (const [fn, handler] of handlers) expect(lambdas.get(fn)?.task).toBe(handler.task);
    expect([...handlers.values()].map((handler) => handler.task)).toEqual([
      replicaPlanTask,
      extractTask,
      commitTask,
      advanceWatermarkTask,
    ]);
  });

  it('refuses a local extract event the handler would refuse, before reading anything', async () => {
    // Arrange
    const extract = tasks().lambdas.get(local.pipeline.extractFunction) ?? fail('no extract');

    // Act / Assert: the event of the old state machine, with the replica's connection in it
    await expect(
      extract({ plan: tablePlan([]), chunk: { index: 0, bounds: { kind: 'all' } }, replica: { host: 'h' } }),
    ).rejects.toThrow(/"path": \[\s*"host"\s*\]/);
  });
});
