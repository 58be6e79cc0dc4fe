import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DuckDBInstance } from '@duckdb/node-api';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { loadConfig } from '../../lib/config';
import { openDuckdb } from '../../lib/duckdb';
import { DuckdbCatalog } from '../../lib/local/DuckdbCatalog';
import { FileObjectStore } from '../../lib/local/FileObjectStore';
import { type LocalPipeline, localPipeline } from '../../lib/local/localPipeline';
import { localTasks } from '../../lib/local/localTasks';
import { commitTask } from '../../lib/tasks/commit/commitTask';
import { findSnapshotTask } from '../../lib/tasks/findSnapshot/findSnapshotTask';
import { planTask } from '../../lib/tasks/plan/planTask';
import type { BoundTask } from '../../lib/tasks/Task';
import { transformTask } from '../../lib/tasks/transform/transformTask';
import { loadHandler, NO_LOCAL_HOOKS } from '../helpers/lambdaHandlers';

let work: string;
let duckdb: DuckDBInstance;
let catalog: DuckdbCatalog;
let local: LocalPipeline;
const loadedEnv = new Set<string>();

/** The handler module of `name`, loaded with the environment the construct gives `fn`, as on Lambda. */
function handlerOf(name: string, fn: IFunction): BoundTask<unknown> {
  return loadHandler(name, fn, local.refs, loadedEnv);
}

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'local-tasks-'));
  duckdb = await openDuckdb({ threads: 1 });
  catalog = await DuckdbCatalog.open({ file: join(work, 'catalog.duckdb'), bucketsRoot: work });
  const config = loadConfig(join(__dirname, '../../config/local-demo.yaml'));
  const [source] = config.sources;
  if (source === undefined) throw new Error('the demo config has no source');
  local = localPipeline(config, source);
});

afterAll(() => {
  catalog.close();
  duckdb.closeSync();
  for (const key of loadedEnv) delete process.env[key];
  rmSync(work, { recursive: true, force: true });
});

describe('localTasks', () => {
  it('runs the very task functions the snapshot handlers bind: find-snapshot, plan, transform, commit', () => {
    // Arrange
    const { pipeline } = local;
    const findSnapshotFunction = pipeline.findSnapshotFunction;
    if (findSnapshotFunction === undefined)
      throw new Error('the demo source exports its latest automated snapshot');
    const handlers = new Map<IFunction, BoundTask<unknown>>([
      [findSnapshotFunction, handlerOf('find-snapshot', findSnapshotFunction)],
      [pipeline.planFunction, handlerOf('plan', pipeline.planFunction)],
      [pipeline.transformFunction, handlerOf('transform', pipeline.transformFunction)],
      [pipeline.commitFunction, handlerOf('commit', pipeline.commitFunction)],
    ]);

    // Act
    const { lambdas } = localTasks(
      {
        local,
        objectStore: new FileObjectStore(work),
        catalog,
        duckdb,
        salt: 'salt',
        tempRoot: work,
        exportId: 'demo-marketplace-20261123t030005z',
      },
      NO_LOCAL_HOOKS,
    );

    // Assert
    expect([...lambdas.keys()]).toEqual([...handlers.keys()]);
    for (const [fn, handler] of handlers) expect(lambdas.get(fn)?.task).toBe(handler.task);
    expect([...handlers.values()].map((handler) => handler.task)).toEqual([
      findSnapshotTask,
      planTask,
      transformTask,
      commitTask,
    ]);
  });
});
