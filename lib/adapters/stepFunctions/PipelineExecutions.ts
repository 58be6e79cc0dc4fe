import {
  DescribeExecutionCommand,
  type ExecutionStatus,
  ListExecutionsCommand,
  paginateListStateMachines,
  RedriveExecutionCommand,
  type SFNClient,
} from '@aws-sdk/client-sfn';

/** One execution of a pipeline's state machine, newest first in {@link PipelineExecutions.recent}. */
export interface PipelineExecution {
  readonly executionArn: string;
  readonly name: string;
  readonly status: ExecutionStatus | string;
  readonly startedAt: Date;
  /** @default - still running */
  readonly stoppedAt?: Date;
  /** When Step Functions last redrove it. @default - never redriven */
  readonly redrivenAt?: Date;
}

/** Why an execution ended unsuccessfully (DescribeExecution's `error`, `cause` and redrive state). */
export interface ExecutionFailure {
  /** @default - none given */
  readonly error?: string;
  /** @default - none given */
  readonly cause?: string;
  /** `REDRIVABLE`, `NOT_REDRIVABLE` or `REDRIVABLE_BY_MAP_RUN`. @default - not reported */
  readonly redriveStatus?: string;
  /** Why it cannot be redriven. @default - none */
  readonly redriveStatusReason?: string;
}

/**
 * The Step Functions calls the CLI's `status` and `redrive` make on the lake's state machines:
 * ListStateMachines (every page), ListExecutions, DescribeExecution and RedriveExecution.
 *
 * @example
 * ```ts
 * const executions = new PipelineExecutions(new SFNClient({ region: 'eu-west-1' }));
 * const arns = await executions.stateMachineArns();
 * ```
 */
export class PipelineExecutions {
  public constructor(private readonly client: SFNClient) {}

  /** The account and region's state machines: name → ARN. */
  public async stateMachineArns(): Promise<Map<string, string>> {
    const arns = new Map<string, string>();
    for await (const page of paginateListStateMachines({ client: this.client }, {})) {
      for (const machine of page.stateMachines ?? []) {
        if (machine.name !== undefined && machine.stateMachineArn !== undefined)
          arns.set(machine.name, machine.stateMachineArn);
      }
    }
    return arns;
  }

  /** The newest `count` executions of a state machine, newest first (ListExecutions' order). */
  public async recent(stateMachineArn: string, count: number): Promise<PipelineExecution[]> {
    const { executions = [] } = await this.client.send(
      new ListExecutionsCommand({ stateMachineArn, maxResults: count }),
    );
    return executions.flatMap((execution) =>
      execution.executionArn === undefined || execution.startDate === undefined
        ? []
        : [
            {
              executionArn: execution.executionArn,
              name: execution.name ?? '',
              status: execution.status ?? 'UNKNOWN',
              startedAt: execution.startDate,
              ...(execution.stopDate === undefined ? {} : { stoppedAt: execution.stopDate }),
              ...(execution.redriveDate === undefined ? {} : { redrivenAt: execution.redriveDate }),
            },
          ],
    );
  }

  /** Why an execution failed, timed out or was aborted, and whether it can be redriven. */
  public async failure(executionArn: string): Promise<ExecutionFailure> {
    const described = await this.client.send(new DescribeExecutionCommand({ executionArn }));
    return {
      ...(described.error === undefined ? {} : { error: described.error }),
      ...(described.cause === undefined ? {} : { cause: described.cause }),
      ...(described.redriveStatus === undefined ? {} : { redriveStatus: described.redriveStatus }),
      ...(described.redriveStatusReason === undefined
        ? {}
        : { redriveStatusReason: described.redriveStatusReason }),
    };
  }

  /**
   * Redrives an execution (RedriveExecution): it continues from its unsuccessful steps with the
   * same input and ARN. The SDK fills in the idempotency token (`clientToken`).
   *
   * @returns when the redrive started
   */
  public async redrive(executionArn: string): Promise<Date | undefined> {
    const { redriveDate } = await this.client.send(new RedriveExecutionCommand({ executionArn }));
    return redriveDate;
  }
}
