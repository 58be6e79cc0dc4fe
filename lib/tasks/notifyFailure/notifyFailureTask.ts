import type { Alert } from '../../adapters/alerts';
import type { FailedExecution } from '../../adapters/executionHistory';
import {
  executionConsoleUrl,
  pipelineOfStateMachine,
  type RunFailureMessage,
  type RunFailureStatus,
  runFailureMessage,
  tableFailures,
} from '../../core/alerts';
import { DataLakeError } from '../../core/errors';
import type { Task } from '../Task';
import { notifyFailureEventSchema } from './notifyFailureEventSchema';
import type { NotifyFailureSettings } from './notifyFailureSettingsSchema';

/** What the notify-failure task works with. */
export interface NotifyFailureDeps {
  /** The ended execution's description and its Fail states' causes (`readFailedExecution` on Step Functions). */
  readonly readFailedExecution: (executionArn: string) => Promise<FailedExecution>;
  /** Publishes to the lake's alert topic (`publishAlert` on SNS); resolves with the message id. */
  readonly publishAlert: (alert: Alert) => Promise<string>;
  readonly settings: NotifyFailureSettings;
}

/** What the task published. */
export interface NotifyFailureResult extends RunFailureMessage {
  readonly messageId: string;
}

const FAILURE_STATUSES: readonly string[] = ['FAILED', 'TIMED_OUT', 'ABORTED'];

/**
 * The target of a source's failure rule: for a "Step Functions Execution Status Change" event of
 * one of the source's state machines ending FAILED, TIMED_OUT or ABORTED, reads the execution
 * (its error and cause, and the causes its Fail states name the failed tables with) and publishes
 * `runFailureMessage` of it to the alert topic: the lake, source and pipeline, each failed table
 * with its cause, and the console page of the execution.
 *
 * @throws ZodError for an event that is not such a status change
 * @throws DataLakeError for a state machine that is not one of the source's pipelines
 * @example
 * ```ts
 * await notifyFailureTask(event, { readFailedExecution, publishAlert, settings });
 * // { subject: 'Data lake marketplace: service snapshot run FAILED: 2 tables failed', body: '…', messageId: '…' }
 * ```
 */
export const notifyFailureTask: Task<NotifyFailureDeps, NotifyFailureResult> = async (event, deps) => {
  const { detail } = notifyFailureEventSchema.parse(event);
  const { LAKE_NAME: lake, SOURCE_NAME: source } = deps.settings;
  const stateMachine = detail.stateMachineArn.split(':').at(-1) ?? '';
  const pipeline = pipelineOfStateMachine(lake, source, stateMachine);
  if (pipeline === undefined) {
    throw new DataLakeError(
      `State machine "${stateMachine}" is not a pipeline of source ${source} in lake ${lake}; allowed: the source's snapshot, replica or cdc apply state machine`,
    );
  }
  const execution = await deps.readFailedExecution(detail.executionArn);
  // DescribeExecution is eventually consistent: the event's status stands if it lags.
  const status = (
    FAILURE_STATUSES.includes(execution.status) ? execution.status : detail.status
  ) as RunFailureStatus;
  const message = runFailureMessage({
    lake,
    source,
    pipeline,
    stateMachine,
    execution: execution.name,
    status,
    startedAt: execution.startedAt,
    ...(execution.error === undefined ? {} : { error: execution.error }),
    ...(execution.cause === undefined ? {} : { cause: execution.cause }),
    failedTables: tableFailures(source, [...execution.failCauses, execution.cause ?? '']),
    link: executionConsoleUrl(detail.executionArn),
  });
  const messageId = await deps.publishAlert(message);
  return { ...message, messageId };
};
