/** What {@link readFailedExecution} reads of an ended execution. */
export interface FailedExecution {
  readonly executionArn: string;
  readonly name: string;
  readonly stateMachineArn: string;
  /** DescribeExecution's `status`, e.g. `FAILED`. */
  readonly status: string;
  /** ISO 8601 UTC. */
  readonly startedAt: string;
  /** @default - none */
  readonly error?: string;
  /** @default - none */
  readonly cause?: string;
  /** The causes the execution's Fail states entered with (`$.failure.cause`), in order. */
  readonly failCauses: readonly string[];
}
