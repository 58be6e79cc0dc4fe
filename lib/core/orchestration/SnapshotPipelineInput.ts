/**
 * The input of a source's snapshot pipeline execution. Both keys are optional: a
 * scheduled run sends `{}`, the RDS snapshot-created rule sends `{ snapshotArn }`.
 */
export interface SnapshotPipelineInput {
  /**
   * The run id (`YYYYMMDDTHHMMSSZ`, see `RUN_ID_PATTERN`); give the id of an earlier
   * run to re-run it idempotently.
   *
   * @default - the execution's start time, UTC, to the second (`$$.Execution.StartTime`)
   */
  readonly runId?: string;
  /**
   * The snapshot to export.
   *
   * @default - an Aurora source exports its cluster; an RDS instance source takes a
   *   manual snapshot named after the export task first
   */
  readonly snapshotArn?: string;
}
