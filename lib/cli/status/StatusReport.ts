import type { PipelineKind } from '../../core/naming';
import type { TableFreshness } from '../../core/status';

/** The newest execution of a pipeline's state machine. */
export interface PipelineRun {
  readonly name: string;
  /** RUNNING, SUCCEEDED, FAILED, TIMED_OUT, ABORTED or PENDING_REDRIVE. */
  readonly status: string;
  readonly startedAt: Date;
  /** @default - still running */
  readonly stoppedAt?: Date;
  /** The error of an unsuccessful execution (DescribeExecution). @default - none */
  readonly error?: string;
  /** Its cause, e.g. which table failed and why. @default - none */
  readonly cause?: string;
}

/** One pipeline (state machine) of one source. */
export interface PipelineStatus {
  readonly source: string;
  readonly pipeline: PipelineKind;
  /** Its name (`stateMachineName`). */
  readonly stateMachine: string;
  /** `false` when the account has no state machine of that name (the source's stack is not deployed). */
  readonly deployed: boolean;
  /** @default - never run */
  readonly lastRun?: PipelineRun;
  /** The newest successful execution. @default - none among those looked at */
  readonly lastSuccess?: { readonly name: string; readonly stoppedAt: Date };
}

/** One committed table and its freshness. */
export interface TableStatus extends TableFreshness {
  readonly source: string;
  /** The table's view name in the catalog. */
  readonly table: string;
}

/** What `datalake status` shows: both pipelines of every source, and every committed table's freshness. */
export interface StatusReport {
  readonly pipelines: readonly PipelineStatus[];
  readonly tables: readonly TableStatus[];
}
