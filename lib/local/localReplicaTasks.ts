import type { DuckDBInstance } from '@duckdb/node-api';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { ReplicaReader } from '../adapters/database';
import type { ReplicaReaders } from '../adapters/database/ReplicaReaders';
import type { ObjectStore } from '../adapters/objectStore';
import type { WatermarkStore } from '../adapters/watermark';
import type { DataLakeConfig, SourceConfig } from '../config';
import type { ReplicaRunManifest } from '../core/orchestration';
import type { TablePlan } from '../core/pipeline';
import { advanceWatermarkTask } from '../tasks/advanceWatermark/advanceWatermarkTask';
import { extractEventSchema } from '../tasks/extract/extractEventSchema';
import { extractSettingsSchema } from '../tasks/extract/extractSettingsSchema';
import { extractTask } from '../tasks/extract/extractTask';
import { replicaPlanSettingsSchema } from '../tasks/replicaPlan/replicaPlanSettingsSchema';
import { replicaPlanTask } from '../tasks/replicaPlan/replicaPlanTask';
import { type BoundTask, bindTask, wrapBoundTask } from '../tasks/Task';
import { parseTaskSettings } from '../tasks/taskSettings';
import type { DuckdbCatalog } from './DuckdbCatalog';
import { asJson, type LocalCommitHooks, localCommitTask } from './localCommitTask';
import { LOCAL_TASK_LOGGER } from './localLogger';
import type { LocalReplicaPipeline } from './localReplicaPipeline';
import { type JSONValue, type LocalTaskHandler, localFunctionEnvironment } from './runStateMachine';

/** What the local tasks of one replica run work with. */
export interface LocalReplicaTasksContext {
  readonly config: DataLakeConfig;
  readonly source: SourceConfig;
  readonly local: LocalReplicaPipeline;
  /** The source database, read as every replica; its pool must not be what caps concurrency. */
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

/** Hooks the local run's progress display listens to. */
export interface LocalReplicaTaskHooks extends LocalCommitHooks {
  /** The run is planned: where its stored lists are. */
  onPlanned(manifest: ReplicaRunManifest): void;
  onTransformStart(plan: TablePlan): void;
  /** A part landed `rows` rows, and `invalidValuesNulled` invalid dates as NULL by column (none: undefined). */
  onPartDone(plan: TablePlan, rows: number, invalidValuesNulled?: Readonly<Record<string, number>>): void;
}

/** The handlers `runStateMachine` runs a local replica run with. */
export interface LocalReplicaTasks {
  /** Each Lambda's task, bound to the local dependencies (`.task` is the handler's own task). */
  readonly lambdas: ReadonlyMap<IFunction, BoundTask<JSONValue>>;
  readonly sdk: Readonly<Record<string, LocalTaskHandler>>;
}

/** `bound` with its results as the state machine passes them on (plain JSON), keeping `.task`. */
function jsonResults<Result>(bound: BoundTask<Result>): BoundTask<JSONValue> {
  return wrapBoundTask(bound, async (input) => asJson(await bound(input)));
}

/**
 * The local stand-ins of a replica run: each Lambda runs its handler's task — `replicaPlanTask`,
 * `extractTask`, `commitTask`, `advanceWatermarkTask` — bound to the local adapters: the source
 * database as every replica the plan's settings name (so the plan spreads the chunks over them as
 * in AWS), the filesystem object store, the DuckDB catalog, a file watermark store and a local
 * salt. Settings are parsed from each function's synthesized environment, but for the lag check:
 * the source database is no replica, so its lag cannot be measured and the check warns (the
 * reasons land in the run's `$.lag`) whatever `replica.unmeasuredLag` says, and reads it as an
 * instance (it has no Aurora replica status). The overlap guard's ListExecutions sees only this
 * execution.
 */
export function localReplicaTasks(
  context: LocalReplicaTasksContext,
  hooks: LocalReplicaTaskHooks,
): LocalReplicaTasks {
  const { local, objectStore, catalog } = context;
  const { pipeline } = local;
  const replicas: ReplicaReaders = { withReader: (_host, use) => use(context.reader) };
  const { REPLICA_AURORA_INSTANCES: _aurora, ...planEnvironment } = localFunctionEnvironment(
    pipeline.planFunction,
    local.refs,
  );

  const plan = bindTask(replicaPlanTask, {
    replicas,
    objectStore,
    catalog,
    watermarks: context.watermarks,
    settings: parseTaskSettings(replicaPlanSettingsSchema, {
      ...planEnvironment,
      REPLICA_UNMEASURED_LAG: 'warn',
    }),
    logger: LOCAL_TASK_LOGGER,
    tuning: {
      ...(context.chunkSize === undefined ? {} : { chunkSize: context.chunkSize }),
      ...(context.safetyLagSeconds === undefined ? {} : { safetyLagSeconds: context.safetyLagSeconds }),
    },
  });
  const planned = async (input: unknown) => {
    const result = await plan(input);
    if ('pools' in result) hooks.onPlanned(result);
    return asJson(result);
  };

  const extract = bindTask(extractTask, {
    replicas,
    objectStore,
    duckdb: context.duckdb,
    // The one secret the extract reads: the mask's salt.
    secrets: { getSecretString: async () => context.salt },
    settings: parseTaskSettings(
      extractSettingsSchema,
      localFunctionEnvironment(pipeline.extractFunction, local.refs),
    ),
    tempRoot: context.tempRoot,
  });
  const extracted = async (input: unknown) => {
    const { plan: tablePlan } = extractEventSchema.parse(input);
    hooks.onTransformStart(tablePlan);
    try {
      const summary = await extract(input);
      hooks.onPartDone(tablePlan, summary.rows, summary.invalidValuesNulled);
      return asJson(summary);
    } catch (error) {
      hooks.onTableFailed(tablePlan, error);
      throw error;
    }
  };

  const commit = localCommitTask(
    { objectStore, catalog, environment: localFunctionEnvironment(pipeline.commitFunction, local.refs) },
    hooks,
  );
  const advance = bindTask(advanceWatermarkTask, { watermarks: context.watermarks });

  return {
    lambdas: new Map<IFunction, BoundTask<JSONValue>>([
      [pipeline.planFunction, wrapBoundTask(plan, planned)],
      [pipeline.extractFunction, wrapBoundTask(extract, extracted)],
      [pipeline.commitFunction, commit],
      [pipeline.advanceFunction, jsonResults(advance)],
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
 * `runStateMachine` expects), the failure notes (`s3:putObject` of a text, `s3:listObjectsV2` of
 * their folder: `KeyCount`, `IsTruncated` and, when there are keys, `Contents` with each `Key`, as
 * S3 answers; and `s3:getObject` of one: `{ Body }`, as the SDK integration returns) and the lists'
 * deletion once their Maps are done (`s3:deleteObject`).
 */
export function replicaRunObjects(
  objectStore: ObjectStore,
): Record<'s3:getObject' | 's3:putObject' | 's3:deleteObject' | 's3:listObjectsV2', LocalTaskHandler> {
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
    's3:listObjectsV2': async (input) => {
      const { Bucket, Prefix, MaxKeys } = input as { Bucket: string; Prefix: string; MaxKeys: number };
      const found: { Key: string; Size: number }[] = [];
      for await (const object of objectStore.list(Bucket, Prefix)) {
        found.push({ Key: object.key, Size: object.bytes });
        if (found.length > MaxKeys) break;
      }
      const listed = found.slice(0, MaxKeys);
      return asJson({
        KeyCount: listed.length,
        IsTruncated: found.length > MaxKeys,
        ...(listed.length === 0 ? {} : { Contents: listed }),
      });
    },
    's3:deleteObject': async (input) => {
      const { Bucket, Key } = input as { Bucket: string; Key: string };
      await objectStore.delete(Bucket, [Key]);
      return {};
    },
  };
}
