import type { DuckDBInstance } from '@duckdb/node-api';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { ReplicaReader } from '../../adapters/database';
import type { ObjectStore } from '../../adapters/objectStore';
import { applyChangesEventSchema } from '../../tasks/applyChanges/applyChangesEventSchema';
import { applyChangesSettingsSchema } from '../../tasks/applyChanges/applyChangesSettingsSchema';
import { type AppliedChangesSummary, applyChangesTask } from '../../tasks/applyChanges/applyChangesTask';
import { cdcPlanSettingsSchema } from '../../tasks/cdcPlan/cdcPlanSettingsSchema';
import { cdcPlanTask } from '../../tasks/cdcPlan/cdcPlanTask';
import { type BoundTask, bindTask, wrapBoundTask } from '../../tasks/Task';
import { parseTaskSettings } from '../../tasks/taskSettings';
import type { DuckdbCatalog } from '../DuckdbCatalog';
import { asJson, type LocalCommitHooks, localCommitTask } from '../localCommitTask';
import { type JSONValue, type LocalTaskHandler, localFunctionEnvironment } from '../runStateMachine';
import type { LocalCdcPipeline } from './LocalCdcPipeline';

/** What the local tasks of one cdc apply run work with. */
export interface LocalCdcTasksContext {
  readonly local: LocalCdcPipeline;
  /** The source database, read as the replica the plan reads each table's columns and key on. */
  readonly reader: ReplicaReader;
  readonly objectStore: ObjectStore;
  readonly catalog: DuckdbCatalog;
  readonly duckdb: DuckDBInstance;
  readonly salt: string;
  /** Scratch directory for the change files and the base run. */
  readonly tempRoot: string;
}

/** Hooks the local run listens to. */
export interface LocalCdcTaskHooks extends LocalCommitHooks {
  /** A table's apply ended: a version written (to commit) or nothing new. */
  onApplied(table: string, summary: AppliedChangesSummary): void;
}

/** The handlers `runStateMachine` runs a local cdc apply run with. */
export interface LocalCdcTasks {
  /** Each Lambda's task, bound to the local dependencies (`.task` is the handler's own task). */
  readonly lambdas: ReadonlyMap<IFunction, BoundTask<JSONValue>>;
  readonly sdk: Readonly<Record<string, LocalTaskHandler>>;
}

/**
 * The local stand-ins of a cdc apply run: each Lambda runs its handler's task — `cdcPlanTask`,
 * `applyChangesTask`, `commitTask` — bound to the local adapters: the source database as the
 * replica, the filesystem object store, the DuckDB catalog and a local salt. Settings are parsed
 * from each function's synthesized environment (the local buckets through `local.refs`), so the
 * apply reads the DMS folder and writes the curated bucket the construct names. The overlap
 * guard's ListExecutions sees only this execution.
 *
 * @example
 * ```ts
 * const { lambdas, sdk } = localCdcTasks({ local, reader, objectStore, catalog, duckdb, salt, tempRoot }, hooks);
 * await runStateMachine(local.pipeline.stateMachine, { runId }, { lambdas, sdk, refs: local.refs });
 * ```
 */
export function localCdcTasks(context: LocalCdcTasksContext, hooks: LocalCdcTaskHooks): LocalCdcTasks {
  const { local, objectStore, catalog } = context;
  const { pipeline } = local;
  const environment = (fn: IFunction) => localFunctionEnvironment(fn, local.refs);

  const plan = bindTask(cdcPlanTask, {
    replicas: { withReader: (_host, use) => use(context.reader) },
    catalog,
    settings: parseTaskSettings(cdcPlanSettingsSchema, environment(pipeline.planFunction)),
  });
  const apply = bindTask(applyChangesTask, {
    objectStore,
    duckdb: context.duckdb,
    // The one secret the apply reads: the mask's salt.
    secrets: { getSecretString: async () => context.salt },
    settings: parseTaskSettings(applyChangesSettingsSchema, environment(pipeline.applyFunction)),
    tempRoot: context.tempRoot,
  });
  const applied = async (input: unknown) => {
    const { plan: tablePlan } = applyChangesEventSchema.parse(input);
    try {
      const summary = await apply(input);
      hooks.onApplied(tablePlan.table, summary);
      return asJson(summary);
    } catch (error) {
      hooks.onTableFailed(tablePlan, error);
      throw error;
    }
  };
  const commit = localCommitTask(
    { objectStore, catalog, environment: environment(pipeline.commitFunction) },
    hooks,
  );

  return {
    lambdas: new Map<IFunction, BoundTask<JSONValue>>([
      [pipeline.planFunction, wrapBoundTask(plan, async (input) => asJson(await plan(input)))],
      [pipeline.applyFunction, wrapBoundTask(apply, applied)],
      [pipeline.commitFunction, commit],
    ]),
    sdk: { 'sfn:listExecutions': () => ({ Executions: [{ executionArn: 'local', status: 'RUNNING' }] }) },
  };
}
