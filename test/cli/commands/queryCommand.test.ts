import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  AthenaClient,
  GetQueryExecutionCommand,
  GetQueryResultsCommand,
  StartQueryExecutionCommand,
} from '@aws-sdk/client-athena';
import { DuckDBInstance } from '@duckdb/node-api';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { AthenaQueryRunner } from '../../../lib/adapters/athena';
import { type QueryCommandOptions, queryCommand } from '../../../lib/cli/commands/queryCommand';
import type { Output } from '../../../lib/cli/Output';
import { DEFAULT_CONFIG_PATH } from '../../../lib/config';
import { StatementCountError } from '../../../lib/core/errors';

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

/** A runner over the mocked client that does not wait between polls. */
function mockedRunner(): AthenaQueryRunner {
  return new AthenaQueryRunner({
    client: new AthenaClient({ region: 'eu-west-1' }),
    sleep: async () => undefined,
  });
}

const ATHENA: QueryCommandOptions = {
  local: false,
  lakeDir: '.local/lake',
  config: DEFAULT_CONFIG_PATH,
  format: 'json',
};

/** Runs `call` with `AWS_REGION` set to `region` (or unset), then puts the environment back. */
async function withAwsRegion<T>(region: string | undefined, call: () => Promise<T>): Promise<T> {
  const saved = process.env.AWS_REGION;
  if (region === undefined) delete process.env.AWS_REGION;
  else process.env.AWS_REGION = region;
  try {
    return await call();
  } finally {
    if (saved === undefined) delete process.env.AWS_REGION;
    else process.env.AWS_REGION = saved;
  }
}

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

  it('uses --workgroup over the config, and reads no config with --workgroup and --region', async () => {
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
        region: 'eu-west-1',
        format: 'table',
        athena: runner,
      },
      capture(),
    );

    // Assert
    expect(athena).toReceiveCommandWith(StartQueryExecutionCommand, { WorkGroup: 'adhoc' });
  });
});

describe('queryCommand statements', () => {
  it.each(['select 1; select 2', 'SELECT 1; DROP TABLE marketplace_service.users', '-- nothing;'])(
    'refuses %j before anything is sent to Athena',
    async (sql) => {
      // Act
      const run = queryCommand(sql, { ...ATHENA, athena: mockedRunner() }, capture());

      // Assert
      await expect(run).rejects.toThrow(StatementCountError);
      await expect(run).rejects.toThrow(/allowed: exactly one/);
      expect(athena).not.toReceiveCommand(StartQueryExecutionCommand);
    },
  );

  it('sends SQL whose semicolons are in a literal, a quoted name or a comment as one statement', async () => {
    // Arrange
    const sql = `SELECT 'a;b' AS "c;d" -- e;\n/* f; */ ;`;

    // Act
    await queryCommand(sql, { ...ATHENA, athena: mockedRunner() }, capture());

    // Assert
    expect(athena).toReceiveCommandWith(StartQueryExecutionCommand, { QueryString: sql });
  });
});

describe('queryCommand --format json over Athena', () => {
  it('gives each column one JSON type, by the column type: bigint text, double numbers, json as JSON', async () => {
    // Arrange
    athena.on(GetQueryResultsCommand).resolves({
      ResultSet: {
        ResultSetMetadata: {
          ColumnInfo: [
            { Name: 'id', Type: 'bigint' },
            { Name: 'share', Type: 'double' },
            { Name: 'doc', Type: 'json' },
            { Name: 'tags', Type: 'array' },
          ],
        },
        Rows: [
          {
            Data: [
              { VarCharValue: 'id' },
              { VarCharValue: 'share' },
              { VarCharValue: 'doc' },
              { VarCharValue: 'tags' },
            ],
          },
          {
            Data: [
              { VarCharValue: '1' },
              { VarCharValue: '0.5' },
              { VarCharValue: '{"a":[1]}' },
              { VarCharValue: '[a, b]' },
            ],
          },
          {
            Data: [{ VarCharValue: '9007199254740993' }, { VarCharValue: 'NaN' }, {}, { VarCharValue: '[]' }],
          },
        ],
      },
    });
    const output = capture();

    // Act
    await queryCommand('SELECT * FROM t', { ...ATHENA, athena: mockedRunner() }, output);

    // Assert
    expect(JSON.parse(output.stdout.join(''))).toEqual([
      { id: '1', share: 0.5, doc: { a: [1] }, tags: '[a, b]' },
      { id: '9007199254740993', share: 'NaN', doc: null, tags: '[]' },
    ]);
  });
});

describe('queryCommand region for Athena', () => {
  /** The region of the client the command built, read from the client behind the mock. */
  async function regionUsed(options: Partial<QueryCommandOptions>): Promise<string> {
    let region = '';
    athena.on(StartQueryExecutionCommand).callsFake(async (_input, getClient) => {
      region = await getClient().config.region();
      return { QueryExecutionId: 'q-7' };
    });
    await queryCommand('SELECT 1', { ...ATHENA, ...options }, capture());
    return region;
  }

  it('takes the config’s aws.region when neither --region nor AWS_REGION is set', async () => {
    // Act
    const region = await withAwsRegion(undefined, () => regionUsed({}));

    // Assert: config/marketplace.yaml has aws.region eu-west-1
    expect(region).toBe('eu-west-1');
  });

  it('takes AWS_REGION over the config', async () => {
    // Act / Assert
    expect(await withAwsRegion('us-east-2', () => regionUsed({}))).toBe('us-east-2');
  });

  it('takes --region over AWS_REGION and the config', async () => {
    // Act / Assert
    expect(await withAwsRegion('us-east-2', () => regionUsed({ region: 'ap-northeast-2' }))).toBe(
      'ap-northeast-2',
    );
  });
});

describe('queryCommand --local', () => {
  let lakeDir: string;

  beforeAll(async () => {
    lakeDir = mkdtempSync(join(tmpdir(), 'query-local-'));
    const duckdb = await DuckDBInstance.create(join(lakeDir, 'catalog.duckdb'));
    const connection = await duckdb.connect();
    await connection.run('CREATE SCHEMA shop_main');
    await connection.run(
      "CREATE TABLE shop_main.notes AS SELECT * FROM (VALUES (1, NULL), (2, ''), (3, 'a, \"b\"')) AS t(id, note)",
    );
    connection.closeSync();
    duckdb.closeSync();
  });

  afterAll(() => rmSync(lakeDir, { recursive: true, force: true }));

  const local = (format: QueryCommandOptions['format']): QueryCommandOptions => ({
    local: true,
    lakeDir,
    config: DEFAULT_CONFIG_PATH,
    format,
  });

  it('refuses two statements instead of running the first and dropping the second', async () => {
    // Arrange
    const output = capture();

    // Act
    const run = queryCommand('select 1 AS a; select 2 AS b', local('csv'), output);

    // Assert
    await expect(run).rejects.toThrow(StatementCountError);
    expect(output.stdout).toEqual([]);
  });

  it('runs one statement whose semicolons are in a literal or a comment (DuckDB’s own parser)', async () => {
    // Arrange
    const output = capture();

    // Act
    await queryCommand("SELECT ';' AS s -- ; no\n;", local('csv'), output);

    // Assert
    expect(output.stdout).toEqual(['s\n;']);
  });

  it('writes NULL and the empty string apart in csv', async () => {
    // Arrange
    const output = capture();

    // Act
    await queryCommand('SELECT id, note FROM shop_main.notes ORDER BY id', local('csv'), output);

    // Assert
    expect(output.stdout).toEqual(['id,note\n1,\n2,""\n3,"a, ""b"""']);
  });

  it('gives BIGINT, DECIMAL and HUGEINT one JSON type per column, and lists and structs as JSON', async () => {
    // Arrange
    const output = capture();
    const sql = `SELECT * FROM (VALUES
      (1::BIGINT, 1.50::DECIMAL(4,2), 1::HUGEINT, 7, [1, 2], {'a': 1, 'b': 'x'}),
      (9007199254740993::BIGINT, 0.25::DECIMAL(4,2), 2::HUGEINT, 8, [], NULL)
    ) AS t(big, dec, huge, small, list, struct)`;

    // Act
    await queryCommand(sql, local('json'), output);

    // Assert
    expect(JSON.parse(output.stdout.join(''))).toEqual([
      { big: '1', dec: '1.50', huge: '1', small: 7, list: [1, 2], struct: { a: 1, b: 'x' } },
      { big: '9007199254740993', dec: '0.25', huge: '2', small: 8, list: [], struct: null },
    ]);
  });

  it('names the catalog file it could not find', async () => {
    // Arrange
    const empty = mkdtempSync(join(tmpdir(), 'query-local-'));
    writeFileSync(join(empty, 'runs.json'), '[]');

    // Act
    const run = queryCommand('SELECT 1', { ...local('csv'), lakeDir: empty }, capture());

    // Assert
    await expect(run).rejects.toThrow(`No local lake catalog at ${join(empty, 'catalog.duckdb')}`);
    rmSync(empty, { recursive: true, force: true });
  });
});
