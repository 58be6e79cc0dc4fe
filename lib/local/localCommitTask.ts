import type { ObjectStore } from '../adapters/objectStore';
import type { TablePlan } from '../core/pipeline';
import { type CommitSummary, type CommitTableInput, commitTable } from '../pipeline/commitTable';
import type { DuckdbCatalog } from './DuckdbCatalog';
import type { JSONValue, LocalTaskHandler } from './runStateMachine';

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
 * The local stand-in of the commit Lambda, shared by the snapshot and replica runs:
 * `commitTable` on the filesystem object store and the DuckDB catalog, keeping `runsToKeep` runs,
 * with the table's progress reported to `hooks` (a failure too, then rethrown for the state machine).
 *
 * @example
 * ```ts
 * const commit = localCommitTask({ objectStore, catalog, runsToKeep: config.storage.curatedRunsToKeep }, hooks);
 * ```
 */
export function localCommitTask(
  context: {
    readonly objectStore: ObjectStore;
    readonly catalog: DuckdbCatalog;
    readonly runsToKeep: number;
  },
  hooks: LocalCommitHooks,
): LocalTaskHandler {
  return async (input) => {
    const task = input as unknown as CommitTableInput & { plan: TablePlan };
    hooks.onCommitStart(task.plan);
    try {
      const summary = await commitTable(
        { ...task, runsToKeep: context.runsToKeep },
        { objectStore: context.objectStore, catalog: context.catalog },
      );
      hooks.onCommitted(task.plan, summary);
      return asJson(summary);
    } catch (error) {
      hooks.onTableFailed(task.plan, error);
      throw error;
    }
  };
}
