import {
  DescribeExecutionCommand,
  GetExecutionHistoryCommand,
  type HistoryEvent,
  SFNClient,
} from '@aws-sdk/client-sfn';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { publishAlert } from '../../../lib/adapters/alerts';
import { readFailedExecution } from '../../../lib/adapters/executionHistory';
import { runFailureMessage } from '../../../lib/core/alerts';
import { notifyFailureTask } from '../../../lib/tasks/notifyFailure/notifyFailureTask';

const TOPIC_ARN = 'arn:aws:sns:eu-west-1:123456789012:marketplace-alerts';
const STATE_MACHINE_ARN = 'arn:aws:states:eu-west-1:123456789012:stateMachine:marketplace-service-snapshot';
const EXECUTION_ARN = 'arn:aws:states:eu-west-1:123456789012:execution:marketplace-service-snapshot:3f1c-run';
const SETTINGS = { LAKE_NAME: 'marketplace', SOURCE_NAME: 'service', ALERT_TOPIC_ARN: TOPIC_ARN };

/**
 * A "Step Functions Execution Status Change" event as EventBridge delivers it (the example of
 * https://docs.aws.amazon.com/step-functions/latest/dg/cw-events.html, status FAILED).
 */
function statusChange(status = 'FAILED', stateMachineArn = STATE_MACHINE_ARN) {
  return {
    version: '0',
    id: '315c1398-40ff-a850-213b-158f73e60175',
    'detail-type': 'Step Functions Execution Status Change',
    source: 'aws.states',
    account: '123456789012',
    time: '2026-12-07T03:04:10Z',
    region: 'eu-west-1',
    resources: [EXECUTION_ARN],
    detail: {
      executionArn: EXECUTION_ARN,
      stateMachineArn,
      name: '3f1c-run',
      status,
      startDate: 1796612405000,
      stopDate: 1796612650000,
      input: '{}',
      output: null,
      error: 'TableFailed',
      cause: 'Table service.items failed with …',
    },
  };
}

/** A table's Lambda error as Step Functions records it: the function's error response as Cause. */
function lambdaCause(errorType: string, errorMessage: string): string {
  return JSON.stringify({ errorType, errorMessage, trace: [`${errorType}: ${errorMessage}`] });
}

function failStateEntered(id: number, name: string, cause: string): HistoryEvent {
  return {
    id,
    timestamp: new Date('2026-12-07T03:04:00Z'),
    type: 'FailStateEntered',
    stateEnteredEventDetails: {
      name,
      input: JSON.stringify({ table: { source: 'service' }, failure: { cause } }),
    },
  };
}

const ITEMS_CAUSE = `Table service.items failed with TransformError: ${lambdaCause('TransformError', 'part 1 is corrupt')}`;
const ORDERS_CAUSE = `Table service.orders failed with RowCountMismatchError: ${lambdaCause('RowCountMismatchError', 'orders: 10 rows exported, 9 written')}`;

describe('notifyFailureTask on Step Functions and SNS', () => {
  const sfn = mockClient(SFNClient);
  const sns = mockClient(SNSClient);
  const deps = {
    readFailedExecution: (arn: string) => readFailedExecution(new SFNClient({ region: 'eu-west-1' }), arn),
    publishAlert: (alert: { subject: string; body: string }) =>
      publishAlert(new SNSClient({ region: 'eu-west-1' }), TOPIC_ARN, alert),
    settings: SETTINGS,
  };

  beforeEach(() => {
    sfn.reset();
    sns.reset();
    sns.on(PublishCommand).resolves({ MessageId: 'm-1' });
    sfn.on(DescribeExecutionCommand).resolves({
      executionArn: EXECUTION_ARN,
      stateMachineArn: STATE_MACHINE_ARN,
      name: '3f1c-run',
      status: 'FAILED',
      startDate: new Date('2026-12-07T03:00:05.000Z'),
      stopDate: new Date('2026-12-07T03:04:10.000Z'),
      error: 'TableFailed',
      cause: ITEMS_CAUSE,
    });
  });

  it('publishes the readable message of a run that failed on two tables, read from DescribeExecution and every page of GetExecutionHistory', async () => {
    // Arrange: two history pages; each table's Fail state inside its Map, then the run's own
    sfn
      .on(GetExecutionHistoryCommand, { executionArn: EXECUTION_ARN, nextToken: undefined })
      .resolves({
        events: [
          { id: 1, timestamp: new Date(), type: 'ExecutionStarted' },
          failStateEntered(40, 'small: table failed', ITEMS_CAUSE),
        ],
        nextToken: 'page-2',
      })
      .on(GetExecutionHistoryCommand, { executionArn: EXECUTION_ARN, nextToken: 'page-2' })
      .resolves({
        events: [
          failStateEntered(52, 'large: table failed', ORDERS_CAUSE),
          { id: 53, timestamp: new Date(), type: 'ExecutionFailed' },
        ],
      });

    // Act
    const result = await notifyFailureTask(statusChange(), deps);

    // Assert
    expect(sfn).toHaveReceivedCommandTimes(DescribeExecutionCommand, 1);
    expect(sfn).toHaveReceivedNthCommandWith(1, DescribeExecutionCommand, { executionArn: EXECUTION_ARN });
    expect(sfn).toHaveReceivedCommandTimes(GetExecutionHistoryCommand, 2);
    expect(sfn).toHaveReceivedNthCommandWith(2, GetExecutionHistoryCommand, {
      executionArn: EXECUTION_ARN,
      includeExecutionData: true,
      maxResults: 1000,
    });
    expect(sfn).toHaveReceivedNthCommandWith(3, GetExecutionHistoryCommand, {
      executionArn: EXECUTION_ARN,
      includeExecutionData: true,
      maxResults: 1000,
      nextToken: 'page-2',
    });
    const expected = runFailureMessage({
      lake: 'marketplace',
      source: 'service',
      pipeline: 'snapshot',
      stateMachine: 'marketplace-service-snapshot',
      execution: '3f1c-run',
      status: 'FAILED',
      startedAt: '2026-12-07T03:00:05.000Z',
      error: 'TableFailed',
      cause: ITEMS_CAUSE,
      failedTables: [
        { table: 'items', cause: 'TransformError: part 1 is corrupt' },
        { table: 'orders', cause: 'RowCountMismatchError: orders: 10 rows exported, 9 written' },
      ],
      link: `https://eu-west-1.console.aws.amazon.com/states/home?region=eu-west-1#/v2/executions/details/${EXECUTION_ARN}`,
    });
    expect(sns).toHaveReceivedCommandTimes(PublishCommand, 1);
    expect(sns).toHaveReceivedCommandWith(PublishCommand, {
      TopicArn: TOPIC_ARN,
      Subject: 'Data lake marketplace: service snapshot run FAILED: 2 tables failed',
      Message: expected.body,
    });
    expect(expected.body).toContain('- orders: RowCountMismatchError: orders: 10 rows exported, 9 written\n');
    expect(expected.body).not.toContain('errorType');
    expect(result).toEqual({ ...expected, messageId: 'm-1' });
  });

  it('lists each table whose branch ended in its `table failed` Pass, when the run failed in `Tables failed` after the others committed', async () => {
    // Arrange: the history of a run since one failure semantic: each failed table's branch enters a
    // Pass with its cause, then the run's Fail names them all (failWhenTablesFailed)
    const summary =
      'Tables failed, the others are committed: [{"results":[{},{"failed":"items"}]},{"results":[{"failed":"orders"}]}]';
    sfn.on(DescribeExecutionCommand).resolves({
      executionArn: EXECUTION_ARN,
      stateMachineArn: STATE_MACHINE_ARN,
      name: '3f1c-run',
      status: 'FAILED',
      startDate: new Date('2026-12-07T03:00:05.000Z'),
      error: 'TableFailed',
      cause: summary,
    });
    sfn.on(GetExecutionHistoryCommand).resolves({
      events: [
        { ...failStateEntered(40, 'small: table failed', ITEMS_CAUSE), type: 'PassStateEntered' },
        { ...failStateEntered(52, 'large: table failed', ORDERS_CAUSE), type: 'PassStateEntered' },
        failStateEntered(60, 'Tables failed', summary),
      ],
    });

    // Act
    const result = await notifyFailureTask(statusChange(), deps);

    // Assert
    expect(result.subject).toBe('Data lake marketplace: service snapshot run FAILED: 2 tables failed');
    expect(result.body).toContain('- items: TransformError: part 1 is corrupt\n');
    expect(result.body).toContain('- orders: RowCountMismatchError: orders: 10 rows exported, 9 written\n');
  });

  it.each(['TIMED_OUT', 'ABORTED'])(
    'publishes a run that ended %s, with no table to blame',
    async (status) => {
      // Arrange
      sfn.on(DescribeExecutionCommand).resolves({
        executionArn: EXECUTION_ARN,
        stateMachineArn: STATE_MACHINE_ARN,
        name: '3f1c-run',
        status: status as 'TIMED_OUT' | 'ABORTED',
        startDate: new Date('2026-12-07T03:00:05.000Z'),
      });
      sfn.on(GetExecutionHistoryCommand).resolves({ events: [] });

      // Act
      await notifyFailureTask(statusChange(status), deps);

      // Assert
      expect(sns).toHaveReceivedCommandWith(PublishCommand, {
        TopicArn: TOPIC_ARN,
        Subject: `Data lake marketplace: service snapshot run ${status}`,
      });
    },
  );

  it("refuses a succeeded execution and another source's state machine without calling AWS", async () => {
    // Act
    const succeeded = notifyFailureTask(statusChange('SUCCEEDED'), deps);
    const other = notifyFailureTask(
      statusChange(
        'FAILED',
        'arn:aws:states:eu-west-1:123456789012:stateMachine:marketplace-payments-snapshot',
      ),
      deps,
    );

    // Assert
    await expect(succeeded).rejects.toThrow(/status/);
    await expect(other).rejects.toThrow(
      'State machine "marketplace-payments-snapshot" is not a pipeline of source service in lake marketplace',
    );
    expect(sfn).toHaveReceivedCommandTimes(DescribeExecutionCommand, 0);
    expect(sns).toHaveReceivedCommandTimes(PublishCommand, 0);
  });
});
