import { join } from 'node:path';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { replicaConnection } from '../../../lib/tasks/replicaConnectionSettings';
import { parseTaskSettings } from '../../../lib/tasks/taskSettings';
import { extractBenchTableSql } from '../../../scripts/bench/extractBenchTable';
import { EXTRACT_RATIO_TARGET } from '../../../scripts/bench/measureExtract';
import {
  connectMariadb,
  connectPostgres,
  type DatabaseEngine,
  testReplicaEndpoint,
} from '../../helpers/databases';
import { extractBenchSettingsSchema } from '../lambdas/extractBench';
import { type ExtractBenchDeps, extractBenchTask } from './extractBenchTask';
import { LAMBDA_QUOTAS } from './LAMBDA_QUOTAS';
import { forkMeasurement } from './measurementChild';
import { runExtractBench } from './runExtractBench';

/** Not the local bench's own table: `npm run bench` may drop and refill that one meanwhile. */
const TABLE = 'integ_bench_extract_items';
const ROWS = 20_000;
const SECRET_ARN = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:dlinteg-reader-AbCdEf';
const FUNCTION_NAME = 'dlinteg-bench-ExtractBench1A2B3C4D-AbCdEfGhIjKl';
/** The bench function's own file: its child processes run it as the Lambda does, here through tsx. */
const HANDLER_FILE = join(__dirname, '..', 'lambdas', 'extractBench.ts');
const ENGINES: readonly DatabaseEngine[] = ['mysql', 'postgres'];

const lambda = mockClient(LambdaClient);
const encode = (value: unknown) => new TextEncoder().encode(JSON.stringify(value));

async function runOn(engine: DatabaseEngine, statements: readonly string[]): Promise<void> {
  if (engine === 'mysql') {
    const connection = await connectMariadb();
    for (const sql of statements) await connection.query(sql);
    await connection.end();
    return;
  }
  const client = await connectPostgres();
  for (const sql of statements) await client.query(sql);
  await client.end();
}

/**
 * The handler's dependencies on a local test server: its settings parsed by its own schema from
 * the environment IntegBenchStack gives it, the login from a secret reader, no TLS (the servers
 * have none), and measurements in child processes of the handler's file.
 */
function localDeps(engine: DatabaseEngine, secretsRead: string[]): ExtractBenchDeps {
  const endpoint = testReplicaEndpoint(engine);
  const settings = parseTaskSettings(extractBenchSettingsSchema, {
    REPLICA_ENGINE: engine,
    REPLICA_PORT: String(endpoint.port),
    REPLICA_DATABASE: endpoint.database,
    CREDENTIALS_SECRET_ARN: SECRET_ARN,
    REPLICA_CONNECT_TIMEOUT_SECONDS: '10',
    REPLICA_STATEMENT_TIMEOUT_SECONDS: '540',
    REPLICA_IDLE_TIMEOUT_SECONDS: '120',
    BENCH_REPLICA_HOST: endpoint.host,
  });
  return {
    secrets: {
      getSecretString: async (secretId) => {
        secretsRead.push(secretId);
        return JSON.stringify({ username: endpoint.user, password: endpoint.password });
      },
    },
    connection: replicaConnection(settings),
    host: settings.BENCH_REPLICA_HOST,
    tls: false,
    memorySizeMb: 2048,
    measure: forkMeasurement(HANDLER_FILE, ['--import', 'tsx']),
  };
}

describe('the integ check’s extract bench (handler logic on the test servers, the Lambda invoke mocked)', () => {
  beforeAll(async () => {
    for (const engine of ENGINES) await runOn(engine, extractBenchTableSql(engine, TABLE, ROWS));
  }, 120_000);

  afterAll(async () => {
    for (const engine of ENGINES) await runOn(engine, [`DROP TABLE IF EXISTS ${TABLE}`]);
  });

  beforeEach(() => lambda.reset());

  it.each(ENGINES)(
    'on %s: invokes the bench function once and prints both sides’ rates, the ratio and its target',
    async (engine) => {
      // Arrange: the mocked Invoke runs the handler's task on the test server
      const secretsRead: string[] = [];
      let responseBytes = 0;
      lambda.on(InvokeCommand).callsFake(async (input: { Payload: Uint8Array }) => {
        const event: unknown = JSON.parse(new TextDecoder().decode(input.Payload));
        const Payload = encode(await extractBenchTask(event, localDeps(engine, secretsRead)));
        responseBytes = Payload.byteLength;
        return { StatusCode: 200, ExecutedVersion: '$LATEST', Payload };
      });

      // Act
      const lines = await runExtractBench(new LambdaClient({ region: 'eu-west-1' }), {
        functionName: FUNCTION_NAME,
        table: TABLE,
        rows: ROWS,
      });

      // Assert
      expect(lambda).toHaveReceivedCommandTimes(InvokeCommand, 1);
      expect(lambda).toHaveReceivedCommandWith(InvokeCommand, {
        FunctionName: FUNCTION_NAME,
        InvocationType: 'RequestResponse',
        Payload: encode({ table: TABLE, rows: ROWS }),
      });
      expect(secretsRead).toEqual([SECRET_ARN]);
      // Lambda quotas: 6 MB per synchronous request and response.
      expect(encode({ table: TABLE, rows: ROWS }).byteLength).toBeLessThan(LAMBDA_QUOTAS.syncPayloadBytes);
      expect(responseBytes).toBeGreaterThan(0);
      expect(responseBytes).toBeLessThan(LAMBDA_QUOTAS.syncPayloadBytes);
      expect(lines[0]).toBe(
        `extract bench on Lambda: 20,000 rows x 8 columns of ${TABLE} on the replica, one chunk`,
      );
      expect(lines[1]).toMatch(
        new RegExp(
          `^  ${FUNCTION_NAME}: 2,048 MB = 1\\.16 vCPU of CPU time \\(1,769 MB = 1 vCPU\\), \\d+ cores seen, DuckDB memory_limit 1228MB$`,
        ),
      );
      expect(lines[2]).toBe(engine === 'mysql' ? 'MariaDB (mysql2 stream)' : 'PostgreSQL (COPY TO STDOUT)');
      const cpu = String.raw`\(CPU: process \d+\.\d\d s, machine \d+\.\d\d s\)`;
      expect(lines[3]).toMatch(
        new RegExp(
          String.raw`^ {2}bare driver {3}\d+\.\d\d s {2}[\d,]+ rows/s {2}peak RSS \d+ MB {2}${cpu}$`,
        ),
      );
      expect(lines[4]).toMatch(
        new RegExp(
          String.raw`^ {2}extractChunk {2}\d+\.\d\d s {2}[\d,]+ rows/s {2}peak RSS \d+ MB {2}${cpu} {2}planning before it: \d+\.\d\d s, not timed$`,
        ),
      );
      expect(lines[5]).toMatch(
        new RegExp(
          `^  ratio \\d+\\.\\d\\dx \\(target >= ${EXTRACT_RATIO_TARGET}x: (met|MISSED)\\), peak RSS target <= 512 MB: (met|MISSED)$`,
        ),
      );
      // The Lambda's own machine: the CPU it spent bounds the extract's time from below.
      expect(lines[6]).toMatch(
        /^ {2}CPU floor: the machine spent \d+\.\d\d CPU-s on \d+ cores during the extract, so it cannot take under \d+\.\d\d s here \(a ratio of at most \d+\.\d\dx\); 0\.8x needs at most \d+\.\d\d CPU-s$/,
      );
      expect(lines).toHaveLength(7);
    },
    120_000,
  );

  it('fails naming the measurement and the table when the replica has no such table', async () => {
    // Act
    const run = extractBenchTask({ table: 'no_such_bench_table', rows: 1000 }, localDeps('postgres', []));

    // Assert
    await expect(run).rejects.toThrow(
      /^The driver measurement of no_such_bench_table failed \(its process exited 1\): DataLakeError: Table public.no_such_bench_table of source bench has no columns on the replica/,
    );
  }, 60_000);

  it('refuses fewer rows than one chunk holds (a table’s chunkSize is at least 1,000), before any measurement', async () => {
    // Arrange
    const secretsRead: string[] = [];

    // Act
    const run = extractBenchTask({ table: TABLE, rows: 999 }, localDeps('postgres', secretsRead));

    // Assert
    await expect(run).rejects.toThrow(/rows/);
    expect(secretsRead).toEqual([]);
  });

  it('fails naming the function when the bench function itself failed', async () => {
    // Arrange
    lambda.on(InvokeCommand).callsFake(async () => ({
      StatusCode: 200,
      FunctionError: 'Unhandled',
      Payload: encode({ errorType: 'Error', errorMessage: 'Task timed out after 900.00 seconds' }),
    }));

    // Act
    const run = runExtractBench(new LambdaClient({ region: 'eu-west-1' }), {
      functionName: FUNCTION_NAME,
      table: TABLE,
      rows: ROWS,
    });

    // Assert
    await expect(run).rejects.toThrow(
      `The extract bench function ${FUNCTION_NAME} failed (Unhandled): {"errorType":"Error","errorMessage":"Task timed out after 900.00 seconds"}`,
    );
  });
});
