import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DuckDBInstance } from '@duckdb/node-api';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { openReplicaReader, type ReplicaReader } from '../../../lib/adapters/database';
import { openDuckdb } from '../../../lib/duckdb';
import type { LocalCdcPipeline } from '../../../lib/local/cdc/LocalCdcPipeline';
import { localCdcTasks } from '../../../lib/local/cdc/localCdcTasks';
import { DuckdbCatalog } from '../../../lib/local/DuckdbCatalog';
import { FileObjectStore } from '../../../lib/local/FileObjectStore';
import { localSourceStack } from '../../../lib/local/localSourceStack';
import { applyChangesTask } from '../../../lib/tasks/applyChanges/applyChangesTask';
import { cdcPlanTask } from '../../../lib/tasks/cdcPlan/cdcPlanTask';
import { commitTask } from '../../../lib/tasks/commit/commitTask';
import type { BoundTask } from '../../../lib/tasks/Task';
import { parsedConfig, validSource, validTable } from '../../helpers/configFactory';
import { loadHandler, NO_LOCAL_HOOKS } from '../../helpers/lambdaHandlers';

let work: string;
let duckdb: DuckDBInstance;
let catalog: DuckdbCatalog;
let reader: ReplicaReader;
let local: LocalCdcPipeline;
const loadedEnv = new Set<string>();

/** The handler module of `name`, loaded with the environment the construct gives `fn`, as on Lambda. */
function handlerOf(name: string, fn: IFunction): BoundTask<unknown> {
  return loadHandler(name, fn, local.refs, loadedEnv);
}

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'local-cdc-tasks-'));
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
  const config = parsedConfig({
    network: {
      vpcId: 'vpc-0a1b2c3d4e5f67890',
      subnetIds: ['subnet-0123456789abcdef0', 'subnet-0fedcba9876543210'],
      availabilityZones: ['eu-west-1a', 'eu-west-1b'],
      cidrBlock: '10.20.0.0/16',
      endpoints: 'create',
      routeTableIds: ['rtb-0a1b2c3d4e5f67890', 'rtb-0a1b2c3d4e5f67890'],
    },
    sources: [
      validSource({
        includeTables: 'listed',
        tables: [validTable({ mode: 'cdc', columns: {} })],
        cdc: {
          credentialsSecretArn: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:service-dms-AbCdEf',
          securityGroupId: 'sg-0123456789abcdef0',
        },
      }),
    ],
  });
  local = localSourceStack(config, config.sources[0] ?? fail('no source')).cdc ?? fail('no cdc pipeline');
});

afterAll(async () => {
  await reader.close();
  catalog.close();
  duckdb.closeSync();
  for (const key of loadedEnv) delete process.env[key];
  rmSync(work, { recursive: true, force: true });
});

describe('localCdcTasks', () => {
  it('runs, for each Lambda of the cdc apply state machine, the very task function its handler binds', () => {
    // Arrange
    const { pipeline } = local;

    // Act
    const { lambdas } = localCdcTasks(
      {
        local,
        reader,
        objectStore: new FileObjectStore(work),
        catalog,
        duckdb,
        salt: 'local-salt',
        tempRoot: work,
      },
      { ...NO_LOCAL_HOOKS, onApplied: () => undefined },
    );

    // Assert: one code path, two sets of dependencies
    const cases: [IFunction, string, unknown][] = [
      [pipeline.planFunction, 'cdc-plan', cdcPlanTask],
      [pipeline.applyFunction, 'apply-changes', applyChangesTask],
      [pipeline.commitFunction, 'commit', commitTask],
    ];
    expect([...lambdas.keys()]).toEqual(cases.map(([fn]) => fn));
    for (const [fn, name, task] of cases) {
      expect(lambdas.get(fn)?.task).toBe(task);
      expect(handlerOf(name, fn).task).toBe(task);
    }
  });
});
