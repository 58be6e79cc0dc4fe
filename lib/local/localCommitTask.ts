import { NO_METRICS } from '../adapters/metrics/MetricsPublisher';
import type { ObjectStore } from '../adapters/objectStore';
import type { TablePlan } from '../core/pipeline';
import type { CommitSummary } from '../pipeline/commitTable';
import { commitEventSchema } from '../tasks/commit/commitEventSchema';
import { commitSettingsSchema } from '../tasks/commit/commitSettingsSchema';
import { commitTask } from '../tasks/commit/commitTask';
import { type BoundTask, bindTask, wrapBoundTask } from '../tasks/Task';
import { parseTaskSettings } from '../tasks/taskSettings';
import type { DuckdbCatalog } from './DuckdbCatalog';
import { LOCAL_TASK_LOGGER } from './localLogger';
import type { JSONValue } from './runStateMachine';

/** A task result as the state machine passes it on: plain JSON. */
export function asJson(value: unknown): JSONValue {
  return JSON.parse(JSON.stringify(value)) as JSONValue;
}

/** What the commit stand-in reports to the run's progress. */
export interface LocalCommitHooks {
  onCommitStart(plan: TablePlan): void;
  onCommitted(plan: TablePlan, summary: CommitSummary): void;
  onTableFailed(plan: TablePlan, error: unknown): void;
}

/**
 * The commit Lambda's task (`commitTask`, shared by the snapshot and replica runs) bound to the
 * filesystem object store and the DuckDB catalog, its settings parsed from the environment the
 * construct gives the commit function (`environment`, resolved with the run's refs), the table's
 * progress reported to `hooks` (a failure too, then rethrown for the state machine).
 *
 * @example
 * ```ts
 * const commit = localCommitTask(
 *   { objectStore, catalog, environment: localFunctionEnvironment(pipeline.commitFunction, refs) },
 *   hooks,
 * );
 * ```
 */
export function localCommitTask(
  context: {
    readonly objectStore: ObjectStore;
    readonly catalog: DuckdbCatalog;
    readonly environment: Readonly<Record<string, string>>;
  },
  hooks: LocalCommitHooks,
): BoundTask<JSONValue> {
  const commit = bindTask(commitTask, {
    objectStore: context.objectStore,
    catalog: context.catalog,
    settings: parseTaskSettings(commitSettingsSchema, context.environment),
    logger: LOCAL_TASK_LOGGER,
    // The run's summary shows the table's freshness and row-count check from its run log.
    metrics: NO_METRICS,
    now: Date.now,
  });
  const reported = async (input: unknown) => {
    const { plan } = commitEventSchema.parse(input);
    hooks.onCommitStart(plan);
    try {
      const summary = await commit(input);
      hooks.onCommitted(plan, summary);
      return asJson(summary);
    } catch (error) {
      hooks.onTableFailed(plan, error);
      throw error;
    }
  };
  return wrapBoundTask(commit, reported);
}
