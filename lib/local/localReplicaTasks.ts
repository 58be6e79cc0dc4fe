import type { DuckDBInstance } from '@duckdb/node-api';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { ReplicaReader } from '../adapters/database';
import type { ObjectStore } from '../adapters/objectStore';
import type { WatermarkStore } from '../adapters/watermark';
import type { DataLakeConfig, SourceConfig } from '../config';
import type { ExtractChunk } from '../core/extract';
import { type PendingWatermarkAdvance, planReplicaRun, type ReplicaRunPlan } from '../core/orchestration';
import type { TablePlan } from '../core/pipeline';
import { catalogKnownColumns } from '../pipeline/catalogKnownColumns';
import { checkReplicaLag } from '../pipeline/checkReplicaLag';
import { extractChunk } from '../pipeline/extractChunk';
import { listReplicaTables } from '../pipeline/listReplicaTables';
import { planExtract } from '../pipeline/planExtract';
import { storeReplicaRunPlan } from '../pipeline/storeReplicaRunPlan';
import type { DuckdbCatalog } from './DuckdbCatalog';
import { asJson, localCommitTask } from './localCommitTask';
import type { LocalReplicaPipeline } from './localReplicaPipeline';
import type { LocalTaskHooks } from './localTasks';
import { type LocalTaskHandler, localFunctionEnvironment } from './runStateMachine';

/** What the local tasks of one replica run work with. */
export interface LocalReplicaTasksContext {
  readonly config: DataLakeConfig;
  readonly source: SourceConfig;
  readonly local: LocalReplicaPipeline;
  /** The source database, read as the replica; its pool must not be what caps concurrency. */
  readonly reader: ReplicaReader;
  readonly objectStore: ObjectStore;
  readonly catalog: DuckdbCatalog;
  readonly watermarks: WatermarkStore;
  readonly duckdb: DuckDBInstance;
  readonly salt: string;
  /** Scratch directory for the chunks' CSV and Parquet. */
  readonly tempRoot: string;
  /**
   * Rows per chunk instead of each table's `chunkSize`, so small tables fan out (tests, demos).
   *
   * @default - the table's `chunkSize`
   */
  readonly chunkSize?: number;
  /**
   * Seconds a time watermark's window ends before the run start.
   *
   * @default - planExtract's default (60 s)
   */
  readonly safetyLagSeconds?: number;
}

/** Hooks the local run's progress display listens to (the snapshot run's, without its plan). */
export type LocalReplicaTaskHooks = Omit<LocalTaskHooks, 'onPlanned'> & {
  onPlanned(plan: ReplicaRunPlan): void;
};

/** The handlers `runStateMachine` runs a local replica run with. */
export interface LocalReplicaTasks {
  readonly lambdas: ReadonlyMap<IFunction, LocalTaskHandler>;
  readonly sdk: Readonly<Record<string, LocalTaskHandler>>;
}

type ReplicaPlanInput =
  | { step: 'lag'; source: string; maxLagSeconds: number }
  | { step: 'plan'; runId: string; runStart: string; runBucket: string };

/** The one "replica" of a local run: the source database stands in for every replica. */
const LOCAL_REPLICA_HOST = 'local-source';

/**
 * The local stand-ins of a replica run: each Lambda runs the lib functions its handler calls —
 * `checkReplicaLag` and `planReplicaRun`/`planExtract` (plan), `extractChunk` (extract),
 * `commitTable` (commit), `WatermarkStore.advance` (advance) — on the local adapters: the source
 * database as the replica, the filesystem object store, the DuckDB catalog, a file watermark
 * store and a local salt. The overlap guard's ListExecutions sees only this execution.
 */
export function localReplicaTasks(
  context: LocalReplicaTasksContext,
  hooks: LocalReplicaTaskHooks,
): LocalReplicaTasks {
  const { local, reader, objectStore, catalog, source } = context;
  const { pipeline } = local;
  const knownColumns = catalogKnownColumns(catalog, local.database);

  const plan: LocalTaskHandler = async (input) => {
    const task = input as unknown as ReplicaPlanInput;
    // The local source stands in for the replica and is no replica: its lag cannot be measured,
    // so the check warns (the reason lands in the run's `$.lag`) whatever replica.unmeasuredLag says.
    if (task.step === 'lag')
      return asJson(await checkReplicaLag({ ...task, unmeasuredLag: 'warn' }, { reader }));
    const result = await planReplicaRun(
      source,
      task.runId,
      {
        listTables: () => listReplicaTables(reader),
        readWatermark: (table) => context.watermarks.get(source.name, table.name),
        planTable: async (table, watermark) => {
          const known = await knownColumns(table.name);
          return planExtract(
            {
              source,
              table: context.chunkSize === undefined ? table : { ...table, chunkSize: context.chunkSize },
              runId: task.runId,
              runStart: new Date(task.runStart),
              ...(known ? { knownColumns: known } : {}),
              ...(watermark ? { watermark } : {}),
              ...(context.safetyLagSeconds === undefined
                ? {}
                : { safetyLagSeconds: context.safetyLagSeconds }),
            },
            { reader },
          );
        },
      },
      [LOCAL_REPLICA_HOST],
    );
    hooks.onPlanned(result);
    return asJson(
      await storeReplicaRunPlan(result, { store: objectStore, bucket: task.runBucket, source: source.name }),
    );
  };

  const extract: LocalTaskHandler = async (input) => {
    const task = input as unknown as { plan: TablePlan; chunk: ExtractChunk; curatedBucket: string };
    hooks.onTransformStart(task.plan);
    try {
      const result = await extractChunk(
        { plan: task.plan, chunk: task.chunk, curatedBucket: task.curatedBucket },
        { reader, objectStore, duckdb: context.duckdb, salt: context.salt, tempRoot: context.tempRoot },
      );
      hooks.onPartDone(task.plan, result.rows);
      return asJson({ chunk: result.partIndex, rows: result.rows, files: result.files.length });
    } catch (error) {
      hooks.onTableFailed(task.plan, error);
      throw error;
    }
  };

  const commit = localCommitTask(
    {
      objectStore,
      catalog,
      environment: localFunctionEnvironment(context.local.pipeline.commitFunction, context.local.refs),
    },
    hooks,
  );

  const advance: LocalTaskHandler = async (input) => {
    const { source: name, table, value, runId, etag } = input as unknown as PendingWatermarkAdvance;
    return asJson(await context.watermarks.advance(name, table, value, runId, etag));
  };

  return {
    lambdas: new Map([
      [pipeline.planFunction, plan],
      [pipeline.extractFunction, extract],
      [pipeline.commitFunction, commit],
      [pipeline.advanceFunction, advance],
    ]),
    sdk: {
      'sfn:listExecutions': () => ({ Executions: [{ executionArn: 'local', status: 'RUNNING' }] }),
      ...replicaRunObjects(objectStore),
    },
  };
}

/**
 * The local stand-ins of the S3 calls a replica run's state machine makes on its stored run: the
 * Distributed Maps' JSON ItemReaders (`s3:getObject` of a list: the parsed array, as
 * `runStateMachine` expects) and the failure notes (`s3:putObject` of a text, and `s3:getObject`
 * of it: `{ Body }`, as the SDK integration returns).
 */
export function replicaRunObjects(
  objectStore: ObjectStore,
): Record<'s3:getObject' | 's3:putObject', LocalTaskHandler> {
  return {
    's3:getObject': async (input) => {
      const { Bucket, Key } = input as { Bucket: string; Key: string };
      const stored = await objectStore.getJson(Bucket, Key);
      return asJson(Array.isArray(stored) ? stored : { Body: stored });
    },
    's3:putObject': async (input) => {
      const { Bucket, Key, Body } = input as { Bucket: string; Key: string; Body: string };
      await objectStore.putJson(Bucket, Key, Body);
      return {};
    },
  };
}
