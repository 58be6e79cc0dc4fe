import { EntityNotFoundException, GetTablesCommand, GlueClient } from '@aws-sdk/client-glue';
import {
  DescribeExecutionCommand,
  ListExecutionsCommand,
  ListStateMachinesCommand,
  SFNClient,
} from '@aws-sdk/client-sfn';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { statusCommand } from '../../../lib/cli/commands/statusCommand';
import { DEFAULT_CONFIG_PATH, loadConfig } from '../../../lib/config';

const sfn = mockClient(SFNClient);
const glue = mockClient(GlueClient);
const config = loadConfig(DEFAULT_CONFIG_PATH);
const ARN = 'arn:aws:states:eu-west-1:123456789012:stateMachine:';
const SNAPSHOT_ARN = `${ARN}marketplace-service-snapshot`;
const REPLICA_ARN = `${ARN}marketplace-service-replica`;

/** What `statusCommand` printed. */
function captured(): { out: string[]; output: { out: (text: string) => void; err: (text: string) => void } } {
  const out: string[] = [];
  return { out, output: { out: (text) => out.push(text), err: () => undefined } };
}

function sloOf(source: string, table: string): number {
  const configured = config.sources.find((s) => s.name === source);
  return (
    configured?.tables.find((t) => t.name === table)?.freshnessSloSeconds ??
    configured?.freshnessSloSeconds ??
    0
  );
}

beforeEach(() => {
  sfn.reset();
  glue.reset();
  // Arrange (shared): the service source's two state machines are deployed, on two pages; the
  // payments source's replica pipeline is not. The snapshot pipeline's newest run failed.
  sfn
    .on(ListStateMachinesCommand, { nextToken: undefined })
    .resolves({
      stateMachines: [
        {
          name: 'marketplace-service-snapshot',
          stateMachineArn: SNAPSHOT_ARN,
          type: 'STANDARD',
          creationDate: new Date(),
        },
      ],
      nextToken: 'p2',
    })
    .on(ListStateMachinesCommand, { nextToken: 'p2' })
    .resolves({
      stateMachines: [
        {
          name: 'marketplace-service-replica',
          stateMachineArn: REPLICA_ARN,
          type: 'STANDARD',
          creationDate: new Date(),
        },
        {
          name: 'other-lake-service-snapshot',
          stateMachineArn: `${ARN}other`,
          type: 'STANDARD',
          creationDate: new Date(),
        },
      ],
    });
  sfn.on(ListExecutionsCommand, { stateMachineArn: SNAPSHOT_ARN }).resolves({
    executions: [
      {
        executionArn: `${SNAPSHOT_ARN}:20261123T030005Z`,
        stateMachineArn: SNAPSHOT_ARN,
        name: '20261123T030005Z',
        status: 'FAILED',
        startDate: new Date('2026-11-23T03:00:05Z'),
        stopDate: new Date('2026-11-23T03:12:00Z'),
      },
      {
        executionArn: `${SNAPSHOT_ARN}:20261122T030005Z`,
        stateMachineArn: SNAPSHOT_ARN,
        name: '20261122T030005Z',
        status: 'SUCCEEDED',
        startDate: new Date('2026-11-22T03:00:05Z'),
        stopDate: new Date('2026-11-22T03:20:00Z'),
      },
    ],
  });
  sfn.on(ListExecutionsCommand, { stateMachineArn: REPLICA_ARN }).resolves({
    executions: [
      {
        executionArn: `${REPLICA_ARN}:20261123T040000Z`,
        stateMachineArn: REPLICA_ARN,
        name: '20261123T040000Z',
        status: 'SUCCEEDED',
        startDate: new Date('2026-11-23T04:00:00Z'),
        stopDate: new Date('2026-11-23T04:05:00Z'),
      },
    ],
  });
  sfn.on(DescribeExecutionCommand).resolves({
    error: 'TableFailed',
    cause: 'service.orders: row count 10 != 12',
    redriveStatus: 'REDRIVABLE',
  });
  // The service database: a snapshot table's view, an incremental one's with a time watermark,
  // and objects that are not committed views (the _latest view, a run's table).
  glue.on(GetTablesCommand, { DatabaseName: 'marketplace_service' }).resolves({
    TableList: [
      { Name: 'orders', TableType: 'VIRTUAL_VIEW', Parameters: { datalake_run_id: '20261122T030005Z' } },
      {
        Name: 'users',
        TableType: 'VIRTUAL_VIEW',
        Parameters: { datalake_run_id: '20261123T040000Z', datalake_watermark: '2026-11-23 03:58:00.000000' },
      },
      { Name: 'users_latest', TableType: 'VIRTUAL_VIEW', Parameters: {} },
      { Name: 'orders__run_20261122t030005z', TableType: 'EXTERNAL_TABLE', Parameters: {} },
    ],
  });
  glue
    .on(GetTablesCommand, { DatabaseName: 'marketplace_payments' })
    .rejects(
      new EntityNotFoundException({ message: 'Database marketplace_payments not found.', $metadata: {} }),
    );
});

afterAll(() => jest.useRealTimers());

describe('statusCommand (AWS)', () => {
  it('shows both pipelines of every source, the failed run’s error, and each committed table’s freshness against its SLO (--json)', async () => {
    // Arrange
    jest.useFakeTimers({ now: new Date('2026-11-23T06:00:05Z'), doNotFake: ['nextTick', 'setImmediate'] });
    const { out, output } = captured();

    // Act
    await statusCommand(
      {
        local: false,
        lakeDir: '.local/lake',
        config: DEFAULT_CONFIG_PATH,
        json: true,
        sfn: new SFNClient({ region: 'eu-west-1' }),
        glue: new GlueClient({ region: 'eu-west-1' }),
      },
      output,
    );

    // Assert: the exact requests
    expect(sfn).toReceiveCommandWith(ListExecutionsCommand, {
      stateMachineArn: SNAPSHOT_ARN,
      maxResults: 50,
    });
    expect(sfn).toReceiveCommandWith(ListExecutionsCommand, { stateMachineArn: REPLICA_ARN, maxResults: 50 });
    expect(sfn).toReceiveCommandTimes(ListExecutionsCommand, 2);
    expect(sfn).toReceiveCommandWith(DescribeExecutionCommand, {
      executionArn: `${SNAPSHOT_ARN}:20261123T030005Z`,
    });
    expect(sfn).toReceiveCommandTimes(DescribeExecutionCommand, 1);
    expect(glue).toReceiveCommandWith(GetTablesCommand, { DatabaseName: 'marketplace_service' });
    expect(glue).toReceiveCommandWith(GetTablesCommand, { DatabaseName: 'marketplace_payments' });
    // Assert: the report
    expect(JSON.parse(out.join('\n'))).toEqual({
      pipelines: [
        {
          source: 'service',
          pipeline: 'snapshot',
          stateMachine: 'marketplace-service-snapshot',
          deployed: true,
          lastRun: {
            name: '20261123T030005Z',
            status: 'FAILED',
            startedAt: '2026-11-23T03:00:05.000Z',
            stoppedAt: '2026-11-23T03:12:00.000Z',
            error: 'TableFailed',
            cause: 'service.orders: row count 10 != 12',
          },
          lastSuccess: { name: '20261122T030005Z', stoppedAt: '2026-11-22T03:20:00.000Z' },
        },
        {
          source: 'service',
          pipeline: 'replica',
          stateMachine: 'marketplace-service-replica',
          deployed: true,
          lastRun: {
            name: '20261123T040000Z',
            status: 'SUCCEEDED',
            startedAt: '2026-11-23T04:00:00.000Z',
            stoppedAt: '2026-11-23T04:05:00.000Z',
          },
          lastSuccess: { name: '20261123T040000Z', stoppedAt: '2026-11-23T04:05:00.000Z' },
        },
        {
          source: 'payments',
          pipeline: 'replica',
          stateMachine: 'marketplace-payments-replica',
          deployed: false,
        },
      ],
      tables: [
        {
          source: 'service',
          table: 'orders',
          runId: '20261122T030005Z',
          asOf: '2026-11-22T03:00:05.000Z',
          ageSeconds: 27 * 3600,
          sloSeconds: sloOf('service', 'orders'),
          withinSlo: 27 * 3600 <= sloOf('service', 'orders'),
        },
        {
          source: 'service',
          table: 'users',
          runId: '20261123T040000Z',
          asOf: '2026-11-23T03:58:00.000Z',
          ageSeconds: 2 * 3600 + 2 * 60 + 5,
          sloSeconds: sloOf('service', 'users'),
          withinSlo: true,
        },
      ],
    });
  });

  it('prints the pipelines and the freshness as tables, a stale table marked', async () => {
    // Arrange
    jest.useFakeTimers({ now: new Date('2026-11-25T06:00:05Z'), doNotFake: ['nextTick', 'setImmediate'] });
    const { out, output } = captured();

    // Act
    await statusCommand(
      {
        local: false,
        lakeDir: '.local/lake',
        config: DEFAULT_CONFIG_PATH,
        sfn: new SFNClient({}),
        glue: new GlueClient({}),
      },
      output,
    );

    // Assert
    const text = out.join('\n');
    expect(text).toMatch(
      /service +│ snapshot │ marketplace-service-snapshot │ 20261123T030005Z │ FAILED +│.*│ TableFailed: service\.orders: row count 10 != 12/,
    );
    expect(text).toMatch(/payments +│ replica +│ marketplace-payments-replica +│ NULL +│ not deployed/);
    expect(text).toMatch(
      /service +│ orders +│ 20261122T030005Z +│ 2026-11-22T03:00:05.000Z │ 3 d +│ .* │ NO: stale/,
    );
  });
});
