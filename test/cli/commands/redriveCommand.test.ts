import {
  DescribeExecutionCommand,
  ListExecutionsCommand,
  ListStateMachinesCommand,
  RedriveExecutionCommand,
  SFNClient,
} from '@aws-sdk/client-sfn';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { CliUsageError } from '../../../lib/cli/CliUsageError';
import { redriveCommand } from '../../../lib/cli/commands/redriveCommand';
import { NothingToRedriveError } from '../../../lib/cli/NothingToRedriveError';
import { DEFAULT_CONFIG_PATH } from '../../../lib/config';

const sfn = mockClient(SFNClient);
const ARN = 'arn:aws:states:eu-west-1:123456789012:stateMachine:';
const SNAPSHOT_ARN = `${ARN}marketplace-service-snapshot`;
const REPLICA_ARN = `${ARN}marketplace-service-replica`;
const FAILED_RUN = `arn:aws:states:eu-west-1:123456789012:execution:marketplace-service-snapshot:20261123T030005Z`;

function execution(arn: string, name: string, status: 'FAILED' | 'SUCCEEDED' | 'RUNNING' | 'TIMED_OUT') {
  return {
    executionArn: `${arn.replace(':stateMachine:', ':execution:')}:${name}`,
    stateMachineArn: arn,
    name,
    status,
    startDate: new Date('2026-11-23T03:00:05Z'),
  };
}

async function redrive(source: string, pipeline?: 'snapshot' | 'replica'): Promise<string[]> {
  const out: string[] = [];
  await redriveCommand(
    source,
    {
      config: DEFAULT_CONFIG_PATH,
      sfn: new SFNClient({ region: 'eu-west-1' }),
      ...(pipeline ? { pipeline } : {}),
    },
    { out: (text) => out.push(text), err: () => undefined },
  );
  return out;
}

beforeEach(() => {
  sfn.reset();
  sfn.on(ListStateMachinesCommand).resolves({
    stateMachines: [
      {
        name: 'marketplace-service-snapshot',
        stateMachineArn: SNAPSHOT_ARN,
        type: 'STANDARD',
        creationDate: new Date(),
      },
      {
        name: 'marketplace-service-replica',
        stateMachineArn: REPLICA_ARN,
        type: 'STANDARD',
        creationDate: new Date(),
      },
    ],
  });
  sfn
    .on(ListExecutionsCommand, { stateMachineArn: REPLICA_ARN })
    .resolves({ executions: [execution(REPLICA_ARN, '20261123T040000Z', 'SUCCEEDED')] });
});

describe('redriveCommand', () => {
  it('redrives the newest execution when it failed (RedriveExecution on its ARN) and says what it did', async () => {
    // Arrange
    sfn.on(ListExecutionsCommand, { stateMachineArn: SNAPSHOT_ARN }).resolves({
      executions: [execution(SNAPSHOT_ARN, '20261123T030005Z', 'FAILED')],
    });
    sfn.on(DescribeExecutionCommand, { executionArn: FAILED_RUN }).resolves({
      error: 'States.TaskFailed',
      cause: 'Plan the run: the export has no table info',
      redriveStatus: 'REDRIVABLE',
    });
    sfn.on(RedriveExecutionCommand).resolves({ redriveDate: new Date('2026-11-23T06:00:00Z') });

    // Act
    const out = await redrive('service');

    // Assert
    expect(sfn).toReceiveCommandWith(ListExecutionsCommand, { stateMachineArn: SNAPSHOT_ARN, maxResults: 1 });
    expect(sfn).toReceiveCommandWith(ListExecutionsCommand, { stateMachineArn: REPLICA_ARN, maxResults: 1 });
    expect(sfn).toReceiveCommandTimes(RedriveExecutionCommand, 1);
    expect(sfn).toReceiveCommandWith(RedriveExecutionCommand, { executionArn: FAILED_RUN });
    expect(out).toEqual([
      'redriving marketplace-service-snapshot execution 20261123T030005Z (FAILED: States.TaskFailed: Plan the run: the export has no table info): only its unsuccessful steps run again, committed tables are not redone; follow it with `datalake status`',
    ]);
  });

  it('refuses a run that ended with tables failed and the others committed: a redrive reruns only its last state ("Redriving Map Runs")', async () => {
    // Arrange
    sfn.on(ListExecutionsCommand, { stateMachineArn: SNAPSHOT_ARN }).resolves({
      executions: [execution(SNAPSHOT_ARN, '20261123T030005Z', 'FAILED')],
    });
    sfn.on(DescribeExecutionCommand, { executionArn: FAILED_RUN }).resolves({
      error: 'TableFailed',
      cause: 'Tables failed, the others are committed: [{"results":[{"failed":"orders"}]}]',
      redriveStatus: 'REDRIVABLE',
    });

    // Act
    const attempt = redrive('service', 'snapshot');

    // Assert
    await expect(attempt).rejects.toThrow(NothingToRedriveError);
    await expect(attempt).rejects.toThrow(
      /marketplace-service-snapshot execution 20261123T030005Z ended with tables failed and every other table committed \(.*"failed":"orders".*\); a redrive would rerun only its last state: fix the failed tables' causes and start a new run$/,
    );
    expect(sfn).toReceiveCommandTimes(RedriveExecutionCommand, 0);
  });

  it('refuses, naming each pipeline’s newest execution, when none failed', async () => {
    // Arrange: the failed run was followed by a successful one
    sfn.on(ListExecutionsCommand, { stateMachineArn: SNAPSHOT_ARN }).resolves({
      executions: [
        execution(SNAPSHOT_ARN, '20261124T030005Z', 'SUCCEEDED'),
        execution(SNAPSHOT_ARN, '20261123T030005Z', 'FAILED'),
      ],
    });

    // Act
    const attempt = redrive('service');

    // Assert
    await expect(attempt).rejects.toThrow(NothingToRedriveError);
    await expect(attempt).rejects.toThrow(
      'Nothing to redrive for source "service": the newest execution of marketplace-service-snapshot, 20261124T030005Z, is SUCCEEDED; the newest execution of marketplace-service-replica, 20261123T040000Z, is SUCCEEDED',
    );
    expect(sfn).toReceiveCommandTimes(RedriveExecutionCommand, 0);
  });

  it('refuses an execution Step Functions reports NOT_REDRIVABLE (e.g. older than 14 days), with its reason', async () => {
    // Arrange
    sfn.on(ListExecutionsCommand, { stateMachineArn: SNAPSHOT_ARN }).resolves({
      executions: [execution(SNAPSHOT_ARN, '20261023T030005Z', 'TIMED_OUT')],
    });
    sfn.on(DescribeExecutionCommand).resolves({
      redriveStatus: 'NOT_REDRIVABLE',
      redriveStatusReason: 'Execution is older than 14 days',
    });

    // Act
    const attempt = redrive('service', 'snapshot');

    // Assert
    await expect(attempt).rejects.toThrow(
      'Nothing to redrive for source "service": marketplace-service-snapshot execution 20261023T030005Z (TIMED_OUT) cannot be redriven: Execution is older than 14 days',
    );
    expect(sfn).toReceiveCommandTimes(ListExecutionsCommand, 1);
    expect(sfn).toReceiveCommandTimes(RedriveExecutionCommand, 0);
  });

  it('refuses a source the config does not have, or a pipeline it does not have, as a usage error', async () => {
    // Act / Assert
    await expect(redrive('nope')).rejects.toThrow(
      new CliUsageError('No source "nope" in the config; its sources: service, payments'),
    );
    await expect(redrive('payments', 'snapshot')).rejects.toThrow(
      'Source "payments" has no snapshot pipeline; it has: replica',
    );
    expect(sfn).toReceiveCommandTimes(ListStateMachinesCommand, 0);
  });
});
