import type { PipelineKind } from '../naming';

/**
 * How a pipeline run can end without succeeding: the terminal statuses of a Step Functions
 * execution other than `SUCCEEDED` (DescribeExecution's `status`; the `status` of the
 * "Step Functions Execution Status Change" event, https://docs.aws.amazon.com/step-functions/latest/dg/cw-events.html).
 */
export type RunFailureStatus = 'FAILED' | 'TIMED_OUT' | 'ABORTED';

/** One table a run failed on, and why: read from the cause the state machine's Fail state names it with. */
export interface FailedTable {
  readonly table: string;
  /** The table's error and its message, e.g. `TransformError: part 1 is corrupt`. */
  readonly cause: string;
}

/**
 * What a failed pipeline run tells a person: which lake, source and pipeline, how it ended, the
 * tables it failed on and where to look. Built from a deployed execution (`notifyFailureTask`) or
 * a local run (`runLocal`) alike.
 */
export interface RunFailure {
  readonly lake: string;
  readonly source: string;
  readonly pipeline: PipelineKind;
  /** The state machine that ran, e.g. `marketplace-service-snapshot`. */
  readonly stateMachine: string;
  /** The execution's name (a local run: its run id). */
  readonly execution: string;
  readonly status: RunFailureStatus;
  /** ISO 8601 UTC. */
  readonly startedAt: string;
  /** The execution's error, e.g. `TableFailed`, `ExportFailed`. @default - none (a timeout or an abort) */
  readonly error?: string;
  /** The execution's cause. @default - none */
  readonly cause?: string;
  /** The tables the run failed on, in the order they failed; empty when the run failed before or between them. */
  readonly failedTables: readonly FailedTable[];
  /** Where to see the run: the Step Functions console's page of the execution, or the local command that lists it. */
  readonly link: string;
}
