import type { DuckDBInstance } from '@duckdb/node-api';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { ReplicaReader } from '../adapters/database';
import type { ObjectStore } from '../adapters/objectStore';
import type { SnapshotDatabase } from '../adapters/rds';
import type { SecretReader } from '../adapters/secrets';
import { DataLakeError } from '../core/errors';
import { exportInfoKey, parseExportInfo } from '../core/export';
import type { RunPlan, TablePlan } from '../core/pipeline';
import { findSnapshotTask } from '../tasks/findSnapshot/findSnapshotTask';
import { listTablesSettingsSchema } from '../tasks/listTables/listTablesSettingsSchema';
import { listTablesTask } from '../tasks/listTables/listTablesTask';
import { planSettingsSchema } from '../tasks/plan/planSettingsSchema';
import { planTask } from '../tasks/plan/planTask';
import { type BoundTask, bindTask, wrapBoundTask } from '../tasks/Task';
import { parseTaskSettings } from '../tasks/taskSettings';
import { transformEventSchema } from '../tasks/transform/transformEventSchema';
import { transformSettingsSchema } from '../tasks/transform/transformSettingsSchema';
import { transformTask } from '../tasks/transform/transformTask';
import type { DuckdbCatalog } from './DuckdbCatalog';
import { asJson, type LocalCommitHooks, localCommitTask } from './localCommitTask';
import type { LocalPipeline } from './localPipeline';
import { type JSONValue, type LocalTaskHandler, localFunctionEnvironment } from './runStateMachine';

/** What the local tasks of one run work with. */
export interface LocalTasksContext {
  readonly local: LocalPipeline;
  readonly objectStore: ObjectStore;
  readonly catalog: DuckdbCatalog;
  readonly duckdb: DuckDBInstance;
  /** The mask salt, whichever secret the transform's settings name. */
  readonly salt: string;
  /** Scratch directory for downloads and spills. */
  readonly tempRoot: string;
  /** The export the run's StartExportTask must name. */
  readonly exportId: string;
  /**
   * Writes the export the state machine starts, given its `ExportOnly` (absent: the whole
   * database), as RDS would: the simulated export.
   *
   * @default - none: the export was written before the run
   */
  readonly runExport?: (exportOnly: readonly string[] | undefined) => Promise<void>;
  /**
   * The source database, read as the replica a source with `includeTables: all` lists its tables
   * on before the export.
   *
   * @default - none: a run that lists its tables fails
   */
  readonly sourceReader?: ReplicaReader;
}

/** Hooks the local run's progress display listens to. */
export interface LocalTaskHooks extends LocalCommitHooks {
  onPlanned(plan: RunPlan): void;
  onTransformStart(plan: TablePlan): void;
  /** A part landed `rows` rows, and `invalidValuesNulled` invalid dates as NULL by column (none: undefined). */
  onPartDone(plan: TablePlan, rows: number, invalidValuesNulled?: Readonly<Record<string, number>>): void;
}

/** The handlers {@link runStateMachine} runs a local snapshot run with. */
export interface LocalTasks {
  /** Each Lambda's task, bound to local dependencies: `.task` is the function its handler binds. */
  readonly lambdas: ReadonlyMap<IFunction, BoundTask<JSONValue>>;
  readonly sdk: Readonly<Record<string, LocalTaskHandler>>;
}

const snapshotArn = (id: string) => `arn:aws:rds:eu-west-1:000000000000:snapshot:${id}`;
const clusterSnapshotArn = (id: string) => `arn:aws:rds:eu-west-1:000000000000:cluster-snapshot:${id}`;

/**
 * RDS's newest automated snapshot, locally: the simulated export stands for it, named as RDS
 * names automated snapshots (`rds:<id>-<date>`).
 */
async function localAutomatedSnapshot(_source: string, database: SnapshotDatabase): Promise<string> {
  return database.clusterIdentifier === undefined
    ? snapshotArn(`rds:${database.instanceIdentifier}-local`)
    : clusterSnapshotArn(`rds:${database.clusterIdentifier}-local`);
}

/**
 * The local run of a snapshot pipeline: its Lambdas run the very task functions their handlers
 * bind (`findSnapshotTask`, `listTablesTask`, `planTask`, `transformTask`, `commitTask`), each with its settings
 * parsed from the environment the construct gives its function, on local dependencies: the
 * filesystem object store, the DuckDB catalog, a local salt, the simulated export as the newest
 * automated snapshot, the source database as the replica the tables are listed on. The RDS and
 * Step Functions SDK tasks are answered here: a fresh snapshot is "available" at once, the export
 * (written by `runExport` with the `ExportOnly` the state machine asked for, or before the run) is
 * COMPLETE with the `SnapshotTime` its info file records (when the simulated export began reading
 * the database), and no other execution is running. Progress goes to `hooks`.
 */
export function localTasks(context: LocalTasksContext, hooks: LocalTaskHooks): LocalTasks {
  const { local, objectStore, catalog } = context;
  const { pipeline, refs } = local;

  const found = bindTask(findSnapshotTask, { latestAutomatedSnapshot: localAutomatedSnapshot });
  const findSnapshot = wrapBoundTask(found, async (input) => asJson(await found(input)));

  const planSettings = parseTaskSettings(
    planSettingsSchema,
    localFunctionEnvironment(pipeline.planFunction, refs),
  );
  const planned = bindTask(planTask, { objectStore, catalog, settings: planSettings });
  const plan = wrapBoundTask(planned, async (input) => {
    const result = await planned(input);
    hooks.onPlanned(result);
    return asJson(result);
  });

  const transformed = bindTask(transformTask, {
    objectStore,
    secrets: { getSecretString: () => Promise.resolve(context.salt) } satisfies SecretReader,
    duckdb: Promise.resolve(context.duckdb),
    settings: parseTaskSettings(
      transformSettingsSchema,
      localFunctionEnvironment(pipeline.transformFunction, refs),
    ),
    tempRoot: context.tempRoot,
  });
  const transform = wrapBoundTask(transformed, async (input) => {
    const { plan: table } = transformEventSchema.parse(input);
    hooks.onTransformStart(table);
    try {
      const summary = await transformed(input);
      hooks.onPartDone(table, summary.rows, summary.invalidValuesNulled);
      return asJson(summary);
    } catch (error) {
      hooks.onTableFailed(table, error);
      throw error;
    }
  });

  const commit = localCommitTask(
    { objectStore, catalog, environment: localFunctionEnvironment(pipeline.commitFunction, refs) },
    hooks,
  );

  const { listTablesFunction } = pipeline;
  const listed =
    listTablesFunction === undefined
      ? undefined
      : bindTask(listTablesTask, {
          replicas: {
            withReader: (_host, use) => {
              if (context.sourceReader === undefined) {
                throw new DataLakeError(
                  'Local run: the pipeline lists its tables, but no source reader was given',
                );
              }
              return use(context.sourceReader);
            },
          },
          settings: parseTaskSettings(
            listTablesSettingsSchema,
            localFunctionEnvironment(listTablesFunction, refs),
          ),
        });

  return {
    lambdas: new Map<IFunction, BoundTask<JSONValue>>([
      ...(pipeline.findSnapshotFunction === undefined
        ? []
        : [[pipeline.findSnapshotFunction, findSnapshot] as const]),
      ...(listTablesFunction === undefined || listed === undefined
        ? []
        : [
            [
              listTablesFunction,
              wrapBoundTask(listed, async (input) => asJson(await listed(input))),
            ] as const,
          ]),
      [pipeline.planFunction, plan],
      [pipeline.transformFunction, transform],
      [pipeline.commitFunction, commit],
    ]),
    sdk: {
      'sfn:listExecutions': () => ({ Executions: [{ executionArn: 'local', status: 'RUNNING' }] }),
      // A fresh manual snapshot (the source's snapshot: fresh-manual) is "available" at once and deleted after the export.
      'rds:createDBSnapshot': () => ({}),
      'rds:describeDBSnapshots': (input) => {
        const id = String((input as { DbSnapshotIdentifier: string }).DbSnapshotIdentifier);
        return { DbSnapshots: [{ DbSnapshotArn: snapshotArn(id), Status: 'available' }] };
      },
      'rds:deleteDBSnapshot': () => ({}),
      'rds:createDBClusterSnapshot': () => ({}),
      'rds:describeDBClusterSnapshots': (input) => {
        const id = String((input as { DbClusterSnapshotIdentifier: string }).DbClusterSnapshotIdentifier);
        return {
          DbClusterSnapshots: [{ DbClusterSnapshotArn: clusterSnapshotArn(id), Status: 'available' }],
        };
      },
      'rds:deleteDBClusterSnapshot': () => ({}),
      'rds:startExportTask': async (input) => {
        const { ExportTaskIdentifier, ExportOnly } = input as {
          ExportTaskIdentifier: string;
          ExportOnly?: string[];
        };
        if (ExportTaskIdentifier !== context.exportId) {
          throw new DataLakeError(
            `Local export: the state machine started export "${ExportTaskIdentifier}", but the simulated export is "${context.exportId}"`,
          );
        }
        await context.runExport?.(ExportOnly);
        return {};
      },
      // The export's snapshot time is the simulated export's, from the info file it wrote.
      'rds:describeExportTasks': async (input) => {
        const id = (input as { ExportTaskIdentifier: string }).ExportTaskIdentifier;
        const key = exportInfoKey(planSettings.EXPORT_PREFIX, id);
        const { snapshotTime } = parseExportInfo(
          await objectStore.getJson(planSettings.RAW_BUCKET, key),
          key,
        );
        return {
          ExportTasks: [
            {
              ExportTaskIdentifier: id,
              Status: 'COMPLETE',
              ...(snapshotTime === undefined ? {} : { SnapshotTime: snapshotTime }),
            },
          ],
        };
      },
      // The Distributed Map's JSON ItemReader: the part list the plan wrote.
      's3:getObject': async (input) => {
        const { Bucket, Key } = input as { Bucket: string; Key: string };
        return asJson(await objectStore.getJson(Bucket, Key));
      },
    },
  };
}
