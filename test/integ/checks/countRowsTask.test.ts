import {
  AthenaClient,
  GetQueryExecutionCommand,
  GetQueryResultsCommand,
  StartQueryExecutionCommand,
} from '@aws-sdk/client-athena';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { AthenaQueryRunner } from '../../../lib/adapters/athena';
import { countRowsTask } from './countRowsTask';

const athena = mockClient(AthenaClient);

function deps() {
  return {
    runner: new AthenaQueryRunner({ client: new AthenaClient({}), sleep: async () => {} }),
    workGroup: 'dlinteg-checks',
    now: () => new Date('2026-12-07T00:10:00Z'),
  };
}

/** Athena's answer to a count query: the header row, then one row per table. */
function answer(rows: readonly (readonly [string, string])[]) {
  athena.on(StartQueryExecutionCommand).resolves({ QueryExecutionId: 'q-1' });
  athena.on(GetQueryExecutionCommand).resolves({
    QueryExecution: { QueryExecutionId: 'q-1', Status: { State: 'SUCCEEDED' }, StatementType: 'DML' },
  });
  athena.on(GetQueryResultsCommand).resolves({
    ResultSet: {
      ResultSetMetadata: {
        ColumnInfo: [
          { Name: 'table_name', Type: 'varchar' },
          { Name: 'row_count', Type: 'bigint' },
        ],
      },
      Rows: [
        { Data: [{ VarCharValue: 'table_name' }, { VarCharValue: 'row_count' }] },
        ...rows.map(([table, count]) => ({ Data: [{ VarCharValue: table }, { VarCharValue: count }] })),
      ],
    },
  });
}

describe('countRowsTask', () => {
  beforeEach(() => athena.reset());

  it('counts curated tables in the lake’s workgroup and returns them by table', async () => {
    // Arrange
    answer([
      ['users', '400'],
      ['items', '900'],
    ]);

    // Act
    const result = await countRowsTask(
      { kind: 'tables', database: 'dlinteg_marketplace', tables: ['users', 'items'] },
      deps(),
    );

    // Assert
    expect(result).toEqual({ counts: { users: 400, items: 900 } });
    expect(athena).toHaveReceivedCommandWith(StartQueryExecutionCommand, {
      WorkGroup: 'dlinteg-checks',
      QueryString:
        `SELECT 'users' AS table_name, count(*) AS row_count FROM "dlinteg_marketplace"."users"\n` +
        `UNION ALL SELECT 'items' AS table_name, count(*) AS row_count FROM "dlinteg_marketplace"."items"`,
    });
  });

  it('counts archived events from the day before now, so a run across midnight is counted whole', async () => {
    // Arrange
    answer([['app_events', '500']]);

    // Act
    const result = await countRowsTask(
      { kind: 'events', database: 'dlinteg_events', table: 'app_events' },
      deps(),
    );

    // Assert
    expect(result).toEqual({ counts: { app_events: 500 } });
    expect(athena).toHaveReceivedCommandWith(StartQueryExecutionCommand, {
      QueryString: expect.stringContaining(`WHERE dt >= '2026-12-06'`),
    });
  });

  it('refuses an event it does not know, before any query', async () => {
    // Act
    const counted = countRowsTask({ kind: 'tables', database: 'db', tables: [] }, deps());

    // Assert
    await expect(counted).rejects.toThrow(/tables/);
    expect(athena).not.toHaveReceivedCommand(StartQueryExecutionCommand);
  });
});
