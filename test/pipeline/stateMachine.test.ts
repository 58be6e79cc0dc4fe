import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { parseConfig } from '../../lib/config';
import { tableFailures } from '../../lib/core/alerts';
import type { PlannedTableWork, RunPlan } from '../../lib/core/pipeline';
import { failCauseRecorder } from '../../lib/local/localRunFailure';
import {
  type JSONValue,
  type LocalExecutionEvent,
  type LocalTaskHandler,
  type RunStateMachineOptions,
  runStateMachine,
} from '../../lib/local/runStateMachine';
import { buildPipeline, pipelineConfig } from '../infra/snapshot/pipelineFixture';

// The run of these tests: started 2026-11-23T03:00:05.120Z, so run id 20261123T030005Z.
const START_TIME = '2026-11-23T03:00:05.120Z';
const RUN_ID = '20261123T030005Z';
const EXPORT_ID = 'testlake-service-20261123t030005z';
const RAW = 'raw-bucket';

/** One table of the stand-in plan, with `count` part files under its export prefix. */
function work(pool: string, table: string, count: number): PlannedTableWork & { pool: string } {
  const prefix = `exports/service/${EXPORT_ID}/service/service.${table}/`;
  const keys = Array.from(
    { length: count },
    (_, index) => `${prefix}1/part-${String(index).padStart(5, '0')}.gz.parquet`,
  );
  return {
    pool,
    table: {
      source: 'service',
      database: 'service',
      schema: 'service',
      table,
      runId: RUN_ID,
      columns: [],
      dropped: [],
      excludedNewColumns: [],
      includedNewColumns: [],
      partitionKeys: [],
      expectedRows: count * 10,
    },
    parts: {
      bucket: RAW,
      prefix,
      count,
      ...(count <= 100 ? { keys } : {}),
      listKey: `exports/service/${EXPORT_ID}/_datalake/${RUN_ID}/service.${table}.json`,
    },
  };
}

/** Three small-pool tables (max 2 at a time) and two large-pool ones, one past 100 parts. */
const WORK = [
  work('large', 'orders', 120),
  work('large', 'refunds', 1),
  work('small', 'users', 3),
  work('small', 'items', 2),
  work('small', 'chat_messages', 2),
];

function runPlan(): RunPlan {
  const pools: Record<string, PlannedTableWork[]> = {};
  for (const { pool, table, parts } of WORK) pools[pool] = [...(pools[pool] ?? []), { table, parts }];
  return { runId: RUN_ID, source: 'service', exportId: EXPORT_ID, pools };
}

interface TransformInput {
  readonly plan: { readonly table: string };
  readonly part: { readonly bucket: string; readonly key: string; readonly index: number };
}

/** Records every call, and how many tables of each pool were being curated at once. */
class Recorder {
  public readonly calls: { readonly task: string; readonly input: JSONValue }[] = [];
  public readonly maxActiveTables = new Map<string, number>();
  private readonly active = new Map<string, Set<string>>();

  public record(task: string, input: JSONValue): void {
    this.calls.push({ task, input });
  }

  public inputsOf(task: string): JSONValue[] {
    return this.calls.filter((call) => call.task === task).map((call) => call.input);
  }

  /** A table counts as active from its first transform to the end of its commit. */
  public begin(table: string): void {
    const pool = WORK.find((w) => w.table.table === table)?.pool ?? '?';
    const tables = this.active.get(pool) ?? new Set<string>();
    tables.add(table);
    this.active.set(pool, tables);
    this.maxActiveTables.set(pool, Math.max(this.maxActiveTables.get(pool) ?? 0, tables.size));
  }

  public end(table: string): void {
    for (const tables of this.active.values()) tables.delete(table);
  }
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Scenario {
  readonly exportStatuses?: readonly Record<string, string>[];
  readonly running?: number;
  readonly transform?: (input: TransformInput) => void;
  /** The source's `snapshot`; the default is the config's (`latest-automated`). */
  readonly snapshot?: 'latest-automated' | 'fresh-manual';
  /** The find-snapshot Lambda finds no automated snapshot. */
  readonly noAutomatedSnapshot?: boolean;
  /** Statuses DescribeDBSnapshots gives the run's own snapshot, in turn. */
  readonly snapshotStatuses?: readonly string[];
  /** An error StartExportTask throws instead of starting the export. */
  readonly startExportError?: string;
  /** An error DeleteDBSnapshot throws. */
  readonly deleteError?: string;
  /** Reads the execution's history. */
  readonly onEvent?: (event: LocalExecutionEvent) => void;
}

/** The newest automated snapshot the find-snapshot Lambda stand-in returns. */
const AUTOMATED_SNAPSHOT = 'arn:aws:rds:eu-west-1:123456789012:snapshot:rds:service-db-2026-11-23-02-10';
/** When the exported snapshot was created, as DescribeExportTasks gives it: 50 minutes before the run. */
const SNAPSHOT_TIME = '2026-11-23T02:10:41.512Z';

/** An error as a Task throws it: its name is the error Step Functions matches. */
function named(name: string, message: string): Error {
  return Object.assign(new Error(message), { name });
}

function runOptions(
  fixture: ReturnType<typeof buildPipeline>,
  recorder: Recorder,
  scenario: Scenario = {},
): RunStateMachineOptions {
  const { pipeline } = fixture;
  const statuses = [...(scenario.exportStatuses ?? [{ Status: 'IN_PROGRESS' }, { Status: 'COMPLETE' }])];
  const snapshotStatuses = [...(scenario.snapshotStatuses ?? ['creating', 'available'])];
  const sdk =
    (task: string, answer: (input: JSONValue) => JSONValue): LocalTaskHandler =>
    (input) => {
      recorder.record(task, input);
      return answer(input);
    };
  return {
    startTime: START_TIME,
    ...(scenario.onEvent === undefined ? {} : { onEvent: scenario.onEvent }),
    sdk: {
      'sfn:listExecutions': sdk('sfn:listExecutions', () => ({
        Executions: Array.from({ length: scenario.running ?? 1 }, (_, i) => ({ name: `run-${i}` })),
      })),
      'rds:createDBSnapshot': sdk('rds:createDBSnapshot', () => ({ DbSnapshot: {} })),
      'rds:describeDBSnapshots': sdk('rds:describeDBSnapshots', () => ({
        DbSnapshots: [
          {
            DbSnapshotArn: `arn:aws:rds:eu-west-1:123456789012:snapshot:${EXPORT_ID}`,
            Status:
              (snapshotStatuses.length > 1 ? snapshotStatuses.shift() : snapshotStatuses[0]) ?? 'available',
          },
        ],
      })),
      'rds:startExportTask': sdk('rds:startExportTask', () => {
        if (scenario.startExportError !== undefined) {
          throw named(scenario.startExportError, 'The snapshot is not in a state that can be exported.');
        }
        return {};
      }),
      'rds:deleteDBSnapshot': sdk('rds:deleteDBSnapshot', () => {
        if (scenario.deleteError !== undefined) throw named(scenario.deleteError, 'Access denied');
        return {};
      }),
      'rds:describeExportTasks': sdk('rds:describeExportTasks', () => ({
        ExportTasks: [
          {
            ExportTaskIdentifier: EXPORT_ID,
            SnapshotTime: SNAPSHOT_TIME,
            ...(statuses.length > 1 ? statuses.shift() : statuses[0]),
          },
        ],
      })),
      // The part list the plan wrote: its JSON array, as the JSON ItemReader hands it out.
      's3:getObject': sdk('s3:getObject', (input) => {
        const { Key } = input as { Key: string };
        const table = WORK.find((w) => w.parts.listKey === Key);
        return Array.from({ length: table?.parts.count ?? 0 }, (_, index) => ({
          key: `${table?.parts.prefix}1/part-${String(index).padStart(5, '0')}.gz.parquet`,
          index,
        }));
      }),
    },
    lambdas: new Map<IFunction, LocalTaskHandler>([
      ...(pipeline.findSnapshotFunction === undefined
        ? []
        : ([
            [
              pipeline.findSnapshotFunction,
              (input: JSONValue) => {
                recorder.record('findSnapshot', input);
                if (scenario.noAutomatedSnapshot === true) {
                  throw named('NoAutomatedSnapshotError', 'Source "service": no automated snapshot');
                }
                return { arn: AUTOMATED_SNAPSHOT };
              },
            ],
          ] as const)),
      [
        pipeline.planFunction,
        (input) => {
          recorder.record('plan', input);
          return runPlan() as unknown as JSONValue;
        },
      ],
      [
        pipeline.transformFunction,
        async (input) => {
          recorder.record('transform', input);
          const task = input as unknown as TransformInput;
          recorder.begin(task.plan.table);
          await pause(5);
          scenario.transform?.(task);
          return {};
        },
      ],
      [
        pipeline.commitFunction,
        async (input) => {
          recorder.record('commit', input);
          await pause(5);
          recorder.end((input as { plan: { table: string } }).plan.table);
          return {};
        },
      ],
    ]),
  };
}

async function runScenario(scenario: Scenario = {}, input: JSONValue = {}) {
  const config = pipelineConfig();
  const [source] = config.sources;
  const fixture = buildPipeline(
    scenario.snapshot === undefined || source === undefined
      ? config
      : { ...config, sources: [{ ...source, snapshot: scenario.snapshot }] },
  );
  const recorder = new Recorder();
  const result = await runStateMachine(
    fixture.pipeline.stateMachine,
    input,
    runOptions(fixture, recorder, scenario),
  );
  return { result, recorder };
}

describe('snapshot state machine, run locally from the synthesized definition', () => {
  it('runs a whole run: snapshot, export, plan, every part of every table, every commit', async () => {
    // Act
    const { result, recorder } = await runScenario();

    // Assert
    expect(result.status).toBe('SUCCEEDED');
    expect(recorder.inputsOf('plan')).toEqual([
      {
        config: expect.any(Object),
        source: 'service',
        runId: RUN_ID,
        exportId: EXPORT_ID,
        snapshotTime: SNAPSHOT_TIME,
      },
    ]);
    const transformed = recorder.inputsOf('transform') as unknown as TransformInput[];
    expect(transformed).toHaveLength(120 + 1 + 3 + 2 + 2);
    expect(
      transformed
        .filter((t) => t.plan.table === 'orders')
        .map((t) => t.part.index)
        .sort((a, b) => a - b),
    ).toEqual(Array.from({ length: 120 }, (_, index) => index));
    expect(recorder.inputsOf('commit')).toHaveLength(5);
  });

  it('reads the part list of a table past 100 parts from the key the plan gave', async () => {
    // Act
    const { recorder } = await runScenario();

    // Assert
    expect(recorder.inputsOf('s3:getObject')).toEqual([
      { Bucket: RAW, Key: `exports/service/${EXPORT_ID}/_datalake/${RUN_ID}/service.orders.json` },
    ]);
    const orders = (recorder.inputsOf('transform') as unknown as TransformInput[]).filter(
      (t) => t.plan.table === 'orders',
    );
    expect(orders.find((t) => t.part.index === 7)?.part).toEqual({
      bucket: RAW,
      key: `exports/service/${EXPORT_ID}/service/service.orders/1/part-00007.gz.parquet`,
      index: 7,
    });
  });

  it('gives the plan the lake name, pools and this source only, as a config parseConfig accepts', async () => {
    // Act
    const { recorder } = await runScenario();

    // Assert
    const [input] = recorder.inputsOf('plan') as { config: unknown }[];
    const config = parseConfig(input?.config);
    expect(config.name).toBe('testlake');
    expect(config.pools.map((pool) => [pool.name, pool.maxConcurrency])).toEqual([
      ['small', 2],
      ['large', 4],
    ]);
    expect(config.sources.map((source) => source.name)).toEqual(['service']);
    expect(config.sources[0]?.tables.map((table) => table.name)).toEqual(['users', 'items', 'orders']);
  });

  it('derives the run id and export id from the start time and exports the newest automated snapshot', async () => {
    // Act
    const { result, recorder } = await runScenario();

    // Assert
    expect(result.status).toBe('SUCCEEDED');
    expect(recorder.inputsOf('findSnapshot')).toEqual([
      { source: 'service', instanceIdentifier: 'service-db' },
    ]);
    expect(recorder.inputsOf('rds:createDBSnapshot')).toEqual([]);
    expect(recorder.inputsOf('rds:deleteDBSnapshot')).toEqual([]);
    expect(recorder.inputsOf('rds:startExportTask')).toEqual([
      {
        ExportTaskIdentifier: EXPORT_ID,
        SourceArn: AUTOMATED_SNAPSHOT,
        S3BucketName: expect.any(String),
        S3Prefix: 'exports/service',
        IamRoleArn: expect.stringContaining('ExportRole'),
        KmsKeyId: expect.stringContaining('StorageRawKey'),
        ExportOnly: ['service.users', 'service.items', 'service.orders'],
      },
    ]);
  });

  it('fails a source without automated snapshots, naming it and the fix, before any export', async () => {
    // Act
    const { result, recorder } = await runScenario({ noAutomatedSnapshot: true });

    // Assert
    expect(result).toEqual({
      status: 'FAILED',
      error: 'NoAutomatedSnapshot',
      cause:
        'Source "service": RDS instance service-db has no available automated snapshot to export. Turn on its automated backups (a backup retention period of 1 day or more) and wait for the first one, or set the source\'s snapshot to "fresh-manual".',
    });
    expect(recorder.inputsOf('rds:startExportTask')).toEqual([]);
  });

  it('fresh-manual: takes a snapshot, exports it and deletes it once the export is COMPLETE, before the plan', async () => {
    // Act
    const { result, recorder } = await runScenario({ snapshot: 'fresh-manual' });

    // Assert
    expect(result.status).toBe('SUCCEEDED');
    expect(recorder.inputsOf('findSnapshot')).toEqual([]);
    expect(recorder.inputsOf('rds:createDBSnapshot')).toEqual([
      { DbInstanceIdentifier: 'service-db', DbSnapshotIdentifier: EXPORT_ID },
    ]);
    expect(recorder.inputsOf('rds:startExportTask')).toEqual([
      expect.objectContaining({ SourceArn: `arn:aws:rds:eu-west-1:123456789012:snapshot:${EXPORT_ID}` }),
    ]);
    expect(recorder.inputsOf('rds:deleteDBSnapshot')).toEqual([{ DbSnapshotIdentifier: EXPORT_ID }]);
    const order = recorder.calls.map((call) => call.task);
    expect(order.indexOf('rds:deleteDBSnapshot')).toBeGreaterThan(
      order.lastIndexOf('rds:describeExportTasks'),
    );
    expect(order.indexOf('rds:deleteDBSnapshot')).toBeLessThan(order.indexOf('plan'));
    expect(recorder.inputsOf('plan')).toEqual([expect.objectContaining({ snapshotTime: SNAPSHOT_TIME })]);
  });

  it.each<[string, Scenario, { error: string; cause: string | RegExp }]>([
    [
      'the export ends FAILED',
      {
        exportStatuses: [
          { Status: 'FAILED', FailureCause: 'The IAM role does not have access to the KMS key.' },
        ],
      },
      {
        error: 'ExportFailed',
        cause: `RDS export ${EXPORT_ID} ended FAILED: The IAM role does not have access to the KMS key.`,
      },
    ],
    [
      'the export cannot start',
      { startExportError: 'Rds.InvalidExportSourceStateException' },
      { error: 'Rds.InvalidExportSourceStateException', cause: /not in a state that can be exported/ },
    ],
    [
      'the snapshot fails',
      { snapshotStatuses: ['creating', 'failed'] },
      {
        error: 'SnapshotFailed',
        cause: `The snapshot ${EXPORT_ID} of RDS instance service-db taken for the export is failed, not available; see its events in RDS.`,
      },
    ],
  ])(
    'fresh-manual: deletes the snapshot when %s, and fails with the original error',
    async (_, scenario, failure) => {
      // Act
      const { result, recorder } = await runScenario({ snapshot: 'fresh-manual', ...scenario });

      // Assert
      expect(result).toEqual({
        status: 'FAILED',
        error: failure.error,
        cause: expect.stringMatching(failure.cause),
      });
      expect(recorder.inputsOf('rds:deleteDBSnapshot')).toEqual([{ DbSnapshotIdentifier: EXPORT_ID }]);
      expect(recorder.inputsOf('plan')).toEqual([]);
    },
  );

  it('fresh-manual: a table failing after the export finds the snapshot already deleted', async () => {
    // Act
    const { result, recorder } = await runScenario({
      snapshot: 'fresh-manual',
      transform: (task) => {
        if (task.plan.table === 'items') throw named('TransformError', 'part 1 is corrupt');
      },
    });

    // Assert
    expect(result).toMatchObject({ status: 'FAILED', error: 'TableFailed' });
    expect(recorder.inputsOf('rds:deleteDBSnapshot')).toEqual([{ DbSnapshotIdentifier: EXPORT_ID }]);
  });

  it('fresh-manual: a snapshot RDS no longer has counts as deleted; another delete error names the snapshot', async () => {
    // Act
    const gone = await runScenario({
      snapshot: 'fresh-manual',
      deleteError: 'Rds.DbSnapshotNotFoundException',
    });
    const denied = await runScenario({ snapshot: 'fresh-manual', deleteError: 'Rds.AccessDeniedException' });

    // Assert
    expect(gone.result.status).toBe('SUCCEEDED');
    expect(denied.result).toEqual({
      status: 'FAILED',
      error: 'SnapshotNotDeleted',
      cause: `Could not delete the run's snapshot ${EXPORT_ID} (Rds.AccessDeniedException: Access denied); delete it by hand (aws rds delete-db-snapshot --db-snapshot-identifier <id>): manual snapshots count against RDS's quota of 100 per Region.`,
    });
  });

  it('polls the export with the Wait loop until it is COMPLETE', async () => {
    // Act
    const { result, recorder } = await runScenario({
      exportStatuses: [{ Status: 'STARTING' }, { Status: 'IN_PROGRESS' }, { Status: 'COMPLETE' }],
    });

    // Assert
    expect(result.status).toBe('SUCCEEDED');
    expect(recorder.inputsOf('rds:describeExportTasks')).toEqual([
      { ExportTaskIdentifier: EXPORT_ID },
      { ExportTaskIdentifier: EXPORT_ID },
      { ExportTaskIdentifier: EXPORT_ID },
    ]);
  });

  it('takes the given run id and snapshot', async () => {
    // Act
    const { recorder } = await runScenario(
      {},
      {
        runId: '20260101T000000Z',
        snapshotArn: 'arn:aws:rds:eu-west-1:123456789012:snapshot:rds:service-db-2026-01-01-00-00',
      },
    );

    // Assert
    expect(recorder.inputsOf('findSnapshot')).toEqual([]);
    expect(recorder.inputsOf('rds:startExportTask')).toEqual([
      expect.objectContaining({
        ExportTaskIdentifier: 'testlake-service-20260101t000000z',
        SourceArn: 'arn:aws:rds:eu-west-1:123456789012:snapshot:rds:service-db-2026-01-01-00-00',
      }),
    ]);
    expect(recorder.inputsOf('plan')).toEqual([
      expect.objectContaining({
        source: 'service',
        runId: '20260101T000000Z',
        exportId: 'testlake-service-20260101t000000z',
        snapshotTime: SNAPSHOT_TIME,
      }),
    ]);
  });

  it('ends a failed export in the Fail state with the export failure cause', async () => {
    // Act
    const { result, recorder } = await runScenario({
      exportStatuses: [
        { Status: 'IN_PROGRESS' },
        { Status: 'FAILED', FailureCause: 'The IAM role does not have access to the KMS key.' },
      ],
    });

    // Assert
    expect(result).toEqual({
      status: 'FAILED',
      error: 'ExportFailed',
      cause: `RDS export ${EXPORT_ID} ended FAILED: The IAM role does not have access to the KMS key.`,
    });
    expect(recorder.inputsOf('plan')).toEqual([]);
  });

  it('ends a canceled export without a cause in the Fail state too', async () => {
    // Act
    const { result } = await runScenario({ exportStatuses: [{ Status: 'CANCELED' }] });

    // Assert
    expect(result).toEqual({
      status: 'FAILED',
      error: 'ExportFailed',
      cause: `RDS export ${EXPORT_ID} ended CANCELED without a failure cause`,
    });
  });

  it('commits every other table, then fails the run naming each table whose transform threw, with its cause', async () => {
    // Arrange: one failing table in each pool (small: items, large: refunds)
    const failCauses = failCauseRecorder();

    // Act
    const { result, recorder } = await runScenario({
      onEvent: failCauses.onEvent,
      transform: (task) => {
        if (task.plan.table === 'items')
          throw Object.assign(new Error('part 1 is corrupt'), { name: 'TransformError' });
        if (task.plan.table === 'refunds')
          throw Object.assign(new Error('part 0 is empty'), { name: 'TransformError' });
      },
    });

    // Assert
    expect(result).toEqual({
      status: 'FAILED',
      error: 'TableFailed',
      cause:
        'Tables failed, the others are committed: [{"results":[{},{"failed":"items"}]},{"results":[{},{"failed":"refunds"}]}]',
    });
    const committed = (recorder.inputsOf('commit') as { plan: { table: string } }[]).map((c) => c.plan.table);
    expect(committed.sort()).toEqual(['chat_messages', 'orders', 'users']);
    expect(tableFailures('service', failCauses.causes)).toEqual([
      { table: 'items', cause: 'TransformError: part 1 is corrupt' },
      { table: 'refunds', cause: 'TransformError: part 0 is empty' },
    ]);
  });

  it('retries a transient Lambda error and goes on', async () => {
    // Arrange
    let failures = 0;

    // Act
    const { result } = await runScenario({
      transform: (task) => {
        if (task.plan.table === 'users' && task.part.index === 0 && failures === 0) {
          failures += 1;
          throw Object.assign(new Error('Rate exceeded'), { name: 'Lambda.TooManyRequestsException' });
        }
      },
    });

    // Assert
    expect(failures).toBe(1);
    expect(result.status).toBe('SUCCEEDED');
  });

  it('never curates more tables of a pool at once than the pool allows', async () => {
    // Act
    const { result, recorder } = await runScenario();

    // Assert: small allows 2 and has 3 tables; large allows 4 and has 2
    expect(result.status).toBe('SUCCEEDED');
    expect(recorder.maxActiveTables.get('small')).toBe(2);
    expect(recorder.maxActiveTables.get('large')).toBe(2);
  });

  it('fails fast while another execution runs', async () => {
    // Act
    const { result, recorder } = await runScenario({ running: 2 });

    // Assert
    expect(result).toEqual({
      status: 'FAILED',
      error: 'AlreadyRunning',
      cause: expect.stringContaining('service snapshot pipeline is running'),
    });
    expect(recorder.inputsOf('rds:startExportTask')).toEqual([]);
  });
});
