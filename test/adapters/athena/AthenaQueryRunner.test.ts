import {
  AthenaClient,
  GetQueryExecutionCommand,
  type GetQueryExecutionCommandOutput,
  GetQueryResultsCommand,
  type QueryExecutionState,
  StartQueryExecutionCommand,
} from '@aws-sdk/client-athena';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { AthenaQueryRunner } from '../../../lib/adapters/athena';
import { QueryFailedError } from '../../../lib/core/errors';

const athena = mockClient(AthenaClient);
const SQL = 'SELECT country, count(*) AS users FROM marketplace_service.users GROUP BY 1';
const ID = 'q-1234';

type Execution = NonNullable<GetQueryExecutionCommandOutput['QueryExecution']>;

function execution(state: QueryExecutionState, extra: Partial<Execution> = {}) {
  const found: Execution = { QueryExecutionId: ID, StatementType: 'DML', Status: { State: state }, ...extra };
  return { QueryExecution: found };
}

function cell(value: string | undefined) {
  return value === undefined ? {} : { VarCharValue: value };
}

function runner(waits: number[] = []): AthenaQueryRunner {
  return new AthenaQueryRunner({
    client: new AthenaClient({ region: 'eu-west-1' }),
    sleep: async (ms) => {
      waits.push(ms);
    },
  });
}

beforeEach(() => {
  athena.reset();
  athena.on(StartQueryExecutionCommand).resolves({ QueryExecutionId: ID });
});

describe('AthenaQueryRunner', () => {
  it('starts the query in the workgroup with the exact SQL', async () => {
    // Arrange
    athena.on(GetQueryExecutionCommand).resolves(execution('SUCCEEDED'));
    athena
      .on(GetQueryResultsCommand)
      .resolves({ ResultSet: { ResultSetMetadata: { ColumnInfo: [] }, Rows: [] } });

    // Act
    await runner().run(SQL, { workGroup: 'marketplace-analysts' });

    // Assert
    expect(athena).toReceiveCommandTimes(StartQueryExecutionCommand, 1);
    expect(athena).toReceiveCommandWith(StartQueryExecutionCommand, {
      QueryString: SQL,
      WorkGroup: 'marketplace-analysts',
    });
  });

  it('polls with doubling waits until the query succeeds, then reads two result pages', async () => {
    // Arrange: queued → running → running → succeeded; results split over two pages
    athena
      .on(GetQueryExecutionCommand)
      .resolvesOnce(execution('QUEUED'))
      .resolvesOnce(execution('RUNNING'))
      .resolvesOnce(execution('RUNNING'))
      .resolves(
        execution('SUCCEEDED', {
          Statistics: { DataScannedInBytes: 2_500_000, EngineExecutionTimeInMillis: 812 },
        }),
      );
    const metadata = {
      ColumnInfo: [
        { Name: 'country', Type: 'varchar' },
        { Name: 'users', Type: 'bigint' },
        { Name: 'share', Type: 'double' },
        { Name: 'active', Type: 'boolean' },
      ],
    };
    athena
      .on(GetQueryResultsCommand, { QueryExecutionId: ID, NextToken: undefined })
      .resolves({
        ResultSet: {
          ResultSetMetadata: metadata,
          Rows: [
            { Data: [cell('country'), cell('users'), cell('share'), cell('active')] },
            { Data: [cell('KR'), cell('9007199254740993'), cell('0.75'), cell('true')] },
          ],
        },
        NextToken: 'page-2',
      })
      .on(GetQueryResultsCommand, { QueryExecutionId: ID, NextToken: 'page-2' })
      .resolves({
        ResultSet: {
          ResultSetMetadata: metadata,
          Rows: [{ Data: [cell(undefined), cell('3'), cell('0.25'), cell('false')] }],
        },
      });
    const waits: number[] = [];

    // Act
    const result = await runner(waits).run(SQL, { workGroup: 'marketplace-analysts' });

    // Assert
    expect(waits).toEqual([250, 500, 1000]);
    expect(athena).toReceiveCommandTimes(GetQueryResultsCommand, 2);
    expect(athena).toReceiveNthSpecificCommandWith(2, GetQueryResultsCommand, {
      QueryExecutionId: ID,
      NextToken: 'page-2',
    });
    expect(result.columns.map((column) => column.name)).toEqual(['country', 'users', 'share', 'active']);
    expect(result.rows).toEqual([
      ['KR', '9007199254740993', 0.75, true],
      [null, '3', 0.25, false],
    ]);
    expect(result.statistics).toEqual({ dataScannedBytes: 2_500_000, engineExecutionMs: 812 });
  });

  it('throws a QueryFailedError with Athena’s reason when the query FAILED', async () => {
    // Arrange
    athena.on(GetQueryExecutionCommand).resolves(
      execution('FAILED', {
        Status: {
          State: 'FAILED',
          StateChangeReason:
            'TABLE_NOT_FOUND: line 1:15: Table awsdatacatalog.marketplace_service.userz does not exist',
        },
      }),
    );

    // Act
    const run = runner().run(SQL, { workGroup: 'marketplace-analysts' });

    // Assert
    await expect(run).rejects.toThrow(QueryFailedError);
    await expect(run).rejects.toMatchObject({
      state: 'FAILED',
      queryExecutionId: ID,
      message: expect.stringContaining(
        'TABLE_NOT_FOUND: line 1:15: Table awsdatacatalog.marketplace_service.userz',
      ),
    });
    expect(athena).toReceiveCommandTimes(GetQueryResultsCommand, 0);
  });

  it('throws a QueryFailedError naming CANCELLED when the query was cancelled', async () => {
    // Arrange
    athena.on(GetQueryExecutionCommand).resolves(
      execution('CANCELLED', {
        Status: { State: 'CANCELLED', StateChangeReason: 'Query cancelled by user' },
      }),
    );

    // Act
    const run = runner().run(SQL, { workGroup: 'marketplace-analysts' });

    // Assert
    await expect(run).rejects.toMatchObject({
      name: 'QueryFailedError',
      state: 'CANCELLED',
      message: `Query ${ID} CANCELLED: Query cancelled by user`,
    });
  });

  it('gives up with TIMED_OUT once the waits add up to the timeout', async () => {
    // Arrange
    athena.on(GetQueryExecutionCommand).resolves(execution('RUNNING'));
    const timedOut = new AthenaQueryRunner({
      client: new AthenaClient({ region: 'eu-west-1' }),
      firstPollMs: 100,
      maxPollMs: 400,
      timeoutMs: 1000,
      sleep: async () => undefined,
    });

    // Act
    const run = timedOut.run(SQL, { workGroup: 'marketplace-analysts' });

    // Assert: waits 100 + 200 + 400 + 400 = 1100 ≥ 1000 after the fifth look
    await expect(run).rejects.toMatchObject({ state: 'TIMED_OUT' });
    expect(athena).toReceiveCommandTimes(GetQueryExecutionCommand, 5);
  });
});
