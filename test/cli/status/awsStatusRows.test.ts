import {
  DescribeExecutionCommand,
  ListExecutionsCommand,
  ListStateMachinesCommand,
  SFNClient,
} from '@aws-sdk/client-sfn';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { awsStatusRows } from '../../../lib/cli/status/awsStatusRows';
import { DEFAULT_CONFIG_PATH, loadConfig } from '../../../lib/config';

const sfn = mockClient(SFNClient);
const config = loadConfig(DEFAULT_CONFIG_PATH);
const SERVICE_ARN = 'arn:aws:states:eu-west-1:123456789012:stateMachine:marketplace-service-snapshot';
const NOW = new Date('2026-11-23T06:00:00Z');

beforeEach(() => sfn.reset());

describe('awsStatusRows', () => {
  it('shows the newest execution, the failure cause and the age of the last success per source', async () => {
    // Arrange: service deployed (newest run failed, one before succeeded); payments not deployed
    sfn
      .on(ListStateMachinesCommand, { nextToken: undefined })
      .resolves({ stateMachines: [], nextToken: 'p2' })
      .on(ListStateMachinesCommand, { nextToken: 'p2' })
      .resolves({
        stateMachines: [
          {
            name: 'marketplace-service-snapshot',
            stateMachineArn: SERVICE_ARN,
            type: 'STANDARD',
            creationDate: NOW,
          },
        ],
      });
    sfn.on(ListExecutionsCommand).resolves({
      executions: [
        {
          executionArn: `${SERVICE_ARN}:run-2`,
          stateMachineArn: SERVICE_ARN,
          name: 'run-2',
          status: 'FAILED',
          startDate: new Date('2026-11-23T05:00:00Z'),
        },
        {
          executionArn: `${SERVICE_ARN}:run-1`,
          stateMachineArn: SERVICE_ARN,
          name: 'run-1',
          status: 'SUCCEEDED',
          startDate: new Date('2026-11-23T03:00:00Z'),
          stopDate: new Date('2026-11-23T03:20:00Z'),
        },
      ],
    });
    sfn.on(DescribeExecutionCommand).resolves({ error: 'TableFailed', cause: 'Table service.users failed' });

    // Act
    const rows = await awsStatusRows(config, new SFNClient({ region: 'eu-west-1' }), NOW);

    // Assert
    expect(sfn).toReceiveCommandWith(ListExecutionsCommand, { stateMachineArn: SERVICE_ARN, maxResults: 50 });
    expect(sfn).toReceiveCommandWith(DescribeExecutionCommand, { executionArn: `${SERVICE_ARN}:run-2` });
    expect(rows).toEqual([
      [
        'service',
        'marketplace-service-snapshot',
        'run-2',
        'FAILED: TableFailed Table service.users failed',
        '2026-11-23T05:00:00.000Z',
        '2026-11-23T03:20:00.000Z',
        '2 h',
      ],
      ['payments', 'marketplace-payments-snapshot', null, 'not deployed', null, null, null],
    ]);
  });
});
