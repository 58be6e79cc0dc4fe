import type { DuckDBInstance } from '@duckdb/node-api';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { ObjectStore } from '../adapters/objectStore';
import type { DataLakeConfig, SourceConfig } from '../config';
import { DataLakeError } from '../core/errors';
import type { RunPlan, TablePlan } from '../core/pipeline';
import { catalogKnownColumns } from '../pipeline/catalogKnownColumns';
import { footerRowCounter } from '../pipeline/footerRowCounter';
import { planRun } from '../pipeline/planRun';
import { type TransformTask, transformPart } from '../pipeline/transformPart';
import type { DuckdbCatalog } from './DuckdbCatalog';
import { asJson, type LocalCommitHooks, localCommitTask } from './localCommitTask';
import type { LocalPipeline } from './localPipeline';
import { type LocalTaskHandler, localFunctionEnvironment } from './runStateMachine';

/** What the local tasks of one run work with. */
export interface LocalTasksContext {
  readonly config: DataLakeConfig;
  readonly source: SourceConfig;
  readonly local: LocalPipeline;
  readonly objectStore: ObjectStore;
  readonly catalog: DuckdbCatalog;
  readonly duckdb: DuckDBInstance;
  readonly salt: string;
  /** Scratch directory for downloads and spills. */
  readonly tempRoot: string;
  /** The export the run's StartExportTask must name: the simulated export written before the run. */
  readonly exportId: string;
}

/** Hooks the local run's progress display listens to. */
export interface LocalTaskHooks extends LocalCommitHooks {
  onPlanned(plan: RunPlan): void;
  onTransformStart(plan: TablePlan): void;
  onPartDone(plan: TablePlan, rows: number): void;
}

/** The handlers {@link runStateMachine} runs a local snapshot run with. */
export interface LocalTasks {
  readonly lambdas: ReadonlyMap<IFunction, LocalTaskHandler>;
  readonly sdk: Readonly<Record<string, LocalTaskHandler>>;
}

/**
 * The local stand-ins of a snapshot run: the plan, transform and commit Lambdas run the same
 * lib/pipeline functions their handlers call (`planRun`, `transformPart`, `commitTable`) on the
 * local adapters (the filesystem object store, the DuckDB catalog, a local salt) instead of S3,
 * Glue and Secrets Manager; the find-snapshot Lambda and the RDS and Step Functions SDK tasks are
 * answered here — the newest automated snapshot is the simulated export's, a fresh snapshot is
 * "available" at once, the export (already written by the simulated export) is
 * COMPLETE, and no other execution is running.
 */
export function localTasks(context: LocalTasksContext, hooks: LocalTaskHooks): LocalTasks {
  const { local, objectStore, catalog, duckdb } = context;
  const { pipeline } = local;

  const plan: LocalTaskHandler = async (input) => {
    const { runId, exportId } = input as { runId: string; exportId: string };
    const result = await planRun(
      context.source,
      runId,
      { bucket: 'raw', prefix: local.exportPrefix, exportId },
      {
        objectStore,
        knownColumns: catalogKnownColumns(catalog, local.database),
        countRows: footerRowCounter(objectStore),
      },
    );
    hooks.onPlanned(result);
    return asJson(result);
  };

  const transform: LocalTaskHandler = async (input) => {
    const task = input as unknown as TransformTask;
    hooks.onTransformStart(task.plan);
    try {
      const result = await transformPart(task, {
        objectStore,
        duckdb,
        salt: context.salt,
        tempRoot: context.tempRoot,
      });
      hooks.onPartDone(task.plan, result.rows);
      return asJson({ rows: result.rows, files: result.files.length });
    } catch (error) {
      hooks.onTableFailed(task.plan, error);
      throw error;
    }
  };

  const commit = localCommitTask(
    { objectStore, catalog, environment: localFunctionEnvironment(pipeline.commitFunction, local.refs) },
    hooks,
  );

  const snapshotArn = (id: string) => `arn:aws:rds:eu-west-1:000000000000:snapshot:${id}`;
  const clusterSnapshotArn = (id: string) => `arn:aws:rds:eu-west-1:000000000000:cluster-snapshot:${id}`;
  // The simulated export stands for the newest automated snapshot; RDS names those `rds:<id>-<date>`.
  const findSnapshot: LocalTaskHandler = (input) => {
    const { instanceIdentifier, clusterIdentifier } = input as {
      instanceIdentifier?: string;
      clusterIdentifier?: string;
    };
    return clusterIdentifier === undefined
      ? { arn: snapshotArn(`rds:${instanceIdentifier}-local`) }
      : { arn: clusterSnapshotArn(`rds:${clusterIdentifier}-local`) };
  };
  return {
    lambdas: new Map([
      ...(pipeline.findSnapshotFunction === undefined
        ? []
        : [[pipeline.findSnapshotFunction, findSnapshot] as const]),
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
      'rds:startExportTask': (input) => {
        const id = String((input as { ExportTaskIdentifier: string }).ExportTaskIdentifier);
        if (id !== context.exportId) {
          throw new DataLakeError(
            `Local export: the state machine started export "${id}", but the simulated export is "${context.exportId}"`,
          );
        }
        return {};
      },
      'rds:describeExportTasks': (input) => ({
        ExportTasks: [
          {
            ExportTaskIdentifier: (input as { ExportTaskIdentifier: string }).ExportTaskIdentifier,
            Status: 'COMPLETE',
          },
        ],
      }),
      // The Distributed Map's JSON ItemReader: the part list the plan wrote.
      's3:getObject': async (input) => {
        const { Bucket, Key } = input as { Bucket: string; Key: string };
        return asJson(await objectStore.getJson(Bucket, Key));
      },
    },
  };
}
