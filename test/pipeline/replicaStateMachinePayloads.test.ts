/**
 * The replica pipeline's synthesized state machine run locally (aws-local-stepfunctions) with stub
 * tasks on a plan of 10,000 chunks: every state's input and output, measured from the execution's
 * history, stays far below Step Functions' 256 KiB payload quota ("Step Functions service
 * quotas", https://docs.aws.amazon.com/step-functions/latest/dg/service-quotas.html), which
 * aws-local-stepfunctions does not enforce. Before the lists moved to S3, the plan state's output
 * alone was 1,248,842 bytes for this plan. The guarantees of the inline Maps hold: pool-bounded
 * concurrency, tables by priority, replicas in turn, and failed tables that never stop the others,
 * each named with its cause.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { DataLakeConfig } from '../../lib/config';
import { tableFailures } from '../../lib/core/alerts';
import { DataLakeError } from '../../lib/core/errors';
import type { ExtractChunk } from '../../lib/core/extract';
import { planReplicaRun, type ReplicaRunManifest } from '../../lib/core/orchestration';
import type { TablePlan } from '../../lib/core/pipeline';
import { FileObjectStore } from '../../lib/local/FileObjectStore';
import { localReplicaPipeline } from '../../lib/local/localReplicaPipeline';
import { replicaRunObjects } from '../../lib/local/localReplicaTasks';
import { failCauseRecorder } from '../../lib/local/localRunFailure';
import {
  type JSONValue,
  LOCAL_ITEMS_FIELD,
  type LocalExecutionEvent,
  type LocalExecutionResult,
  type LocalTaskHandler,
  localFunctionEnvironment,
  runStateMachine,
} from '../../lib/local/runStateMachine';
import { storeReplicaRunPlan } from '../../lib/pipeline/storeReplicaRunPlan';
import { replicaPlanSettingsSchema } from '../../lib/tasks/replicaPlan/replicaPlanSettingsSchema';
import { parseTaskSettings } from '../../lib/tasks/taskSettings';
import { parsedConfig, validSource, validTable } from '../helpers/configFactory';
import { plannedColumn, tablePlan } from '../helpers/tablePlanFactory';

/** Step Functions' quota on a state's input or output, in bytes of UTF-8. */
const PAYLOAD_QUOTA = 256 * 1024;
const RUN_ID = '20261123T030005Z';
const HOSTS = ['replica-1.example', 'replica-2.example'];

/** Pools small (2) and large (3); `orders` (priority 5) and `users` in small, `items` in large. */
function config(): DataLakeConfig {
  return parsedConfig({
    pools: [
      { name: 'small', maxConcurrency: 2 },
      { name: 'large', maxConcurrency: 3 },
    ],
    sources: [
      validSource({
        includeTables: 'listed',
        defaultMode: 'replica-query',
        tables: [
          validTable({ name: 'users', pool: 'small' }),
          validTable({ name: 'orders', pool: 'small', priority: 5 }),
          validTable({ name: 'items', pool: 'large' }),
        ],
      }),
    ],
  });
}

/** A 12-column plan of `table`: what one chunk's extract gets. */
function planOf(table: string): TablePlan {
  const columns = Array.from({ length: 12 }, (_, index) =>
    plannedColumn(`column_${index}`, { dataType: 'bigint', columnType: 'bigint(20)' } as never, {
      athenaType: 'bigint',
      duckdbType: 'BIGINT',
    }),
  );
  return tablePlan(columns, { table, runId: RUN_ID });
}

const rangeChunk = (index: number): ExtractChunk => ({
  index,
  bounds: {
    kind: 'range',
    column: 'id',
    from: String(index * 1_000_000 + 1),
    to: String((index + 1) * 1_000_000),
  },
});

interface Extracted {
  readonly table: string;
  readonly chunk: number;
  readonly host: string;
}

interface Outcome {
  readonly result: LocalExecutionResult;
  readonly largest: { readonly bytes: number; readonly state: string };
  readonly extracted: readonly Extracted[];
  readonly mostAtOnce: ReadonlyMap<string, number>;
  readonly committed: readonly string[];
  readonly manifest?: ReplicaRunManifest;
  /** The causes the run's Fail states and failed tables' Pass states entered with. */
  readonly failCauses: readonly string[];
}

/**
 * Runs the state machine once: the plan stub plans `chunks[table]` chunks per table and stores
 * the run as the plan Lambda does; the extract and commit stubs record their calls.
 */
async function run(
  chunks: Record<string, number>,
  refuse: { extract?: string; commit?: string } = {},
): Promise<Outcome> {
  const cfg = config();
  const source = cfg.sources[0] ?? fail('no source');
  const local = localReplicaPipeline(cfg, source);
  const root = mkdtempSync(join(tmpdir(), 'replica-payloads-'));
  const store = new FileObjectStore(root);
  const extracted: Extracted[] = [];
  const running = new Map<string, number>();
  const mostAtOnce = new Map<string, number>();
  const committed: string[] = [];
  let manifest: ReplicaRunManifest | undefined;
  let largest = { bytes: 0, state: '' };
  const failCauses = failCauseRecorder();
  const poolOf = (table: string) => source.tables.find((t) => t.name === table)?.pool ?? '?';
  // Where the plan function stores the run: its setting, as the synthesized environment gives it.
  const runBucket = parseTaskSettings(
    replicaPlanSettingsSchema,
    localFunctionEnvironment(local.pipeline.planFunction, local.refs),
  ).REPLICA_RUNS_BUCKET;

  const plan: LocalTaskHandler = async (input) => {
    const task = input as { step: string };
    if (task.step === 'lag') return { lagSeconds: 0, unmeasured: [] };
    const planned = await planReplicaRun(
      source,
      RUN_ID,
      {
        listTables: async () => [],
        readWatermark: async () => ({}),
        planTable: async (table) => ({
          plan: planOf(table.name),
          chunks: Array.from({ length: chunks[table.name] ?? 0 }, (_, index) => rangeChunk(index)),
          warnings: [],
        }),
      },
      HOSTS,
    );
    manifest = await storeReplicaRunPlan(planned, { store, bucket: runBucket, source: source.name });
    return manifest as unknown as JSONValue;
  };
  const extract: LocalTaskHandler = async (input) => {
    const task = input as unknown as { plan: TablePlan; chunk: ExtractChunk; host: string };
    const pool = poolOf(task.plan.table);
    running.set(pool, (running.get(pool) ?? 0) + 1);
    mostAtOnce.set(pool, Math.max(mostAtOnce.get(pool) ?? 0, running.get(pool) ?? 0));
    await new Promise((resolve) => setImmediate(resolve));
    running.set(pool, (running.get(pool) ?? 1) - 1);
    extracted.push({ table: task.plan.table, chunk: task.chunk.index, host: task.host });
    if (task.plan.table === refuse.extract && task.chunk.index === 3)
      throw new DataLakeError(`chunk 3 of ${task.plan.table} refused by the test`);
    return { chunk: task.chunk.index, rows: 1, files: 1 };
  };
  const commit: LocalTaskHandler = (input) => {
    const table = (input as unknown as { plan: TablePlan }).plan.table;
    if (table === refuse.commit) throw new DataLakeError(`commit of ${table} refused by the test`);
    committed.push(table);
    return {};
  };

  // Without the items the local ItemReader stand-in adds: on AWS they never enter the state data.
  const measure = (state: string, value: unknown) => {
    const data = JSON.stringify(value ?? null, (key, v) => (key === LOCAL_ITEMS_FIELD ? undefined : v));
    const bytes = Buffer.byteLength(data, 'utf8');
    if (bytes > largest.bytes) largest = { bytes, state };
  };
  try {
    const result = await runStateMachine(
      local.pipeline.stateMachine,
      { runId: RUN_ID },
      {
        lambdas: new Map<IFunction, LocalTaskHandler>([
          [local.pipeline.planFunction, plan],
          [local.pipeline.extractFunction, extract],
          [local.pipeline.commitFunction, commit],
          [local.pipeline.advanceFunction, () => ({})],
        ]),
        sdk: {
          'sfn:listExecutions': () => ({ Executions: [{ executionArn: 'local', status: 'RUNNING' }] }),
          ...replicaRunObjects(store),
        },
        refs: local.refs,
        onEvent: (event: LocalExecutionEvent) => {
          failCauses.onEvent(event);
          if ('state' in event) {
            measure(event.state.name, event.state.input);
            measure(event.state.name, event.state.output);
          }
        },
      },
    );
    return {
      result,
      largest,
      extracted,
      mostAtOnce,
      committed,
      failCauses: failCauses.causes,
      ...(manifest ? { manifest } : {}),
    };
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

describe('replica state machine payloads, run locally with stub tasks', () => {
  it('keeps every state’s input and output under 256 KiB with 10,000 chunks', async () => {
    // Act
    const outcome = await run({ orders: 4000, users: 3000, items: 3000 });

    // Assert
    expect(outcome.result.status).toBe('SUCCEEDED');
    expect(outcome.extracted).toHaveLength(10_000);
    expect(outcome.largest).toEqual({ bytes: expect.any(Number), state: expect.any(String) });
    expect(outcome.largest.bytes).toBeLessThan(PAYLOAD_QUOTA / 16);
    expect(outcome.manifest?.pools).toEqual({
      small: expect.objectContaining({ chunks: 7000 }),
      large: expect.objectContaining({ chunks: 3000 }),
    });
    expect([...outcome.committed].sort()).toEqual(['items', 'orders', 'users']);
  }, 120_000);

  it('runs each pool’s chunks at most the pool’s size at once, higher priority first, replicas in turn', async () => {
    // Act
    const outcome = await run({ orders: 6, users: 4, items: 5 });

    // Assert
    expect(outcome.result.status).toBe('SUCCEEDED');
    expect(outcome.mostAtOnce.get('small')).toBe(2);
    expect(outcome.mostAtOnce.get('large')).toBe(3);
    const small = outcome.extracted.filter((e) => e.table !== 'items');
    // Started in list order two at a time: every orders chunk is done before the last users one.
    expect(small.slice(0, 5).every((e) => e.table === 'orders')).toBe(true);
    const hostOf = (table: string, chunk: number) =>
      outcome.extracted.find((e) => e.table === table && e.chunk === chunk)?.host;
    expect([0, 1, 2].map((chunk) => hostOf('orders', chunk))).toEqual([HOSTS[0], HOSTS[1], HOSTS[0]]);
    expect(hostOf('users', 0)).toBe(HOSTS[0]);
  });

  it('commits the other tables of a failed chunk’s pool, then fails the run naming the table, the chunk and the cause', async () => {
    // Act
    const outcome = await run({ orders: 6, users: 4, items: 5 }, { extract: 'users' });

    // Assert: users' other chunks still ran; orders (same pool) and items are committed, users not
    expect(outcome.result).toEqual({
      status: 'FAILED',
      error: 'TableFailed',
      cause: 'Tables failed, the others are committed: [{"failed":"users"}]',
    });
    expect(outcome.extracted.filter((e) => e.table === 'users')).toHaveLength(4);
    expect([...outcome.committed].sort()).toEqual(['items', 'orders']);
    expect(tableFailures('service', outcome.failCauses)).toEqual([
      {
        table: 'users',
        cause: expect.stringMatching(/^chunk 3: DataLakeError: chunk 3 of users refused by the test/),
      },
    ]);
    expect(outcome.failCauses).toContainEqual(
      expect.stringMatching(
        /^Table service\.users failed in chunk 3 with DataLakeError: chunk 3 of users refused/,
      ),
    );
  });

  it('names each failed table with its cause, a failed chunk in one pool and a failed commit in the other, committing the rest', async () => {
    // Act
    const outcome = await run({ orders: 2, users: 4, items: 2 }, { extract: 'users', commit: 'items' });

    // Assert
    expect(outcome.result).toEqual({
      status: 'FAILED',
      error: 'TableFailed',
      cause: expect.stringMatching(
        /^Tables failed, the others are committed: \[\{"failed":"(items|users)"\},\{"failed":"(items|users)"\}\]$/,
      ),
    });
    expect(outcome.committed).toEqual(['orders']);
    expect(
      tableFailures('service', outcome.failCauses).sort((a, b) => a.table.localeCompare(b.table)),
    ).toEqual([
      { table: 'items', cause: expect.stringMatching(/^DataLakeError: commit of items refused by the test/) },
      {
        table: 'users',
        cause: expect.stringMatching(/^chunk 3: DataLakeError: chunk 3 of users refused by the test/),
      },
    ]);
    expect(outcome.largest.bytes).toBeLessThan(PAYLOAD_QUOTA / 16);
  });
});
