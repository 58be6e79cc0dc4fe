import {
  AthenaClient,
  GetQueryExecutionCommand,
  GetQueryResultsCommand,
  StartQueryExecutionCommand,
} from '@aws-sdk/client-athena';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { AthenaQueryRunner } from '../../../lib/adapters/athena';
import { queryCommand } from '../../../lib/cli/commands/queryCommand';
import type { Output } from '../../../lib/cli/Output';
import { DEFAULT_CONFIG_PATH } from '../../../lib/config';

const athena = mockClient(AthenaClient);

function capture(): Output & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { stdout, stderr, out: (text) => stdout.push(text), err: (text) => stderr.push(text) };
}

beforeEach(() => {
  athena.reset();
  athena.on(StartQueryExecutionCommand).resolves({ QueryExecutionId: 'q-7' });
  athena.on(GetQueryExecutionCommand).resolves({
    QueryExecution: {
      QueryExecutionId: 'q-7',
      StatementType: 'DML',
      Status: { State: 'SUCCEEDED' },
      Statistics: { DataScannedInBytes: 2_000_000_000_000 },
    },
  });
  athena.on(GetQueryResultsCommand).resolves({
    ResultSet: {
      ResultSetMetadata: { ColumnInfo: [{ Name: 'users', Type: 'bigint' }] },
      Rows: [{ Data: [{ VarCharValue: 'users' }] }, { Data: [{ VarCharValue: '400' }] }],
    },
  });
});

describe('queryCommand against Athena', () => {
  it('runs in the config workgroup <lake>-<query.workgroupName> and prints rows, data scanned and cost', async () => {
    // Arrange
    const output = capture();
    const runner = new AthenaQueryRunner({
      client: new AthenaClient({ region: 'eu-west-1' }),
      sleep: async () => undefined,
    });

    // Act
    await queryCommand(
      'SELECT count(*) AS users FROM marketplace_service.users',
      { local: false, lakeDir: '.local/lake', config: DEFAULT_CONFIG_PATH, format: 'csv', athena: runner },
      output,
    );

    // Assert
    expect(athena).toReceiveCommandWith(StartQueryExecutionCommand, {
      QueryString: 'SELECT count(*) AS users FROM marketplace_service.users',
      WorkGroup: 'marketplace-analysts',
    });
    expect(output.stdout).toEqual(['users\n400']);
    expect(output.stderr).toEqual([
      '(1 row; query q-7; data scanned 2.0 TB; estimated cost $10.000000 at $5/TB)',
    ]);
  });

  it('uses --workgroup over the config', async () => {
    // Arrange
    const runner = new AthenaQueryRunner({
      client: new AthenaClient({ region: 'eu-west-1' }),
      sleep: async () => undefined,
    });

    // Act
    await queryCommand(
      'SELECT 1',
      {
        local: false,
        lakeDir: '.local/lake',
        config: 'no-such-config.yaml',
        workgroup: 'adhoc',
        format: 'table',
        athena: runner,
      },
      capture(),
    );

    // Assert
    expect(athena).toReceiveCommandWith(StartQueryExecutionCommand, { WorkGroup: 'adhoc' });
  });
});
