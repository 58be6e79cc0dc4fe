import { createReadStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import {
  GetObjectCommand,
  type GetObjectCommandOutput,
  ListObjectsV2Command,
  PutObjectCommand,
  type PutObjectCommandInput,
  S3Client,
} from '@aws-sdk/client-s3';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { openDuckdb, withConnection } from '../../../lib/duckdb';
import { captureStdoutJson } from '../../helpers/stdoutJsonLines';
import { plannedColumn, tablePlan } from '../../helpers/tablePlanFactory';

type Handler = (event: unknown) => Promise<unknown>;

const SALT_ARN = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:lake/salt-AbCdEf';
const RUN = '20261123T030005Z';
const plan = tablePlan(
  [
    plannedColumn('id', { dataType: 'int' }, { athenaType: 'int', duckdbType: 'INTEGER' }),
    plannedColumn(
      'email',
      { dataType: 'varchar' },
      { athenaType: 'string', duckdbType: 'VARCHAR' },
      { mask: { kind: 'hash' } },
    ),
  ],
  { runId: RUN, expectedRows: 2 },
);
const event = {
  plan,
  part: { bucket: 'raw', key: 'export/db/db.items/1/part-00000.parquet', index: 4 },
};

const s3 = mockClient(S3Client);
const secrets = mockClient(SecretsManagerClient);
let work: string;
let partFile: string;
let puts: PutObjectCommandInput[];

/** Loads the handler from the shared module registry, so it uses the SDK classes mocked above. */
function loadHandler(): Handler {
  return (require('../../../lambdas/transform/handler') as { handler: Handler }).handler;
}

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'transform-handler-'));
  partFile = join(work, 'part.parquet');
  const duckdb = await openDuckdb({ threads: 1 });
  await withConnection(duckdb, (connection) =>
    connection.run(
      `COPY (SELECT * FROM (VALUES (1, 'kim@example.com'), (2, NULL)) AS t(id, email)) TO '${partFile}' (FORMAT parquet)`,
    ),
  );
  duckdb.closeSync();
});

afterAll(() => rmSync(work, { recursive: true, force: true }));

beforeEach(() => {
  process.env.MASKING_SALT_SECRET_ARN = SALT_ARN;
  process.env.CURATED_BUCKET = 'curated';
  process.env.POWERTOOLS_METRICS_NAMESPACE = 'DataLake/marketplace';
  s3.reset();
  secrets.reset();
  puts = [];
  s3.on(GetObjectCommand).callsFake(async () => ({
    Body: createReadStream(partFile) as unknown as GetObjectCommandOutput['Body'],
  }));
  s3.on(ListObjectsV2Command).resolves({});
  s3.on(PutObjectCommand).callsFake(async (input: PutObjectCommandInput) => {
    // Drain file bodies as S3 would, before the transform removes its temp files.
    if (input.Body instanceof Readable) for await (const _chunk of input.Body);
    puts.push(input);
    return {};
  });
  secrets.on(GetSecretValueCommand).resolves({ SecretString: 'salt' });
});

afterEach(() => {
  delete process.env.MASKING_SALT_SECRET_ARN;
  delete process.env.CURATED_BUCKET;
  delete process.env.POWERTOOLS_METRICS_NAMESPACE;
});

describe('transform handler', () => {
  it('curates the part into the curated bucket of its settings, salted from Secrets Manager, and returns a summary', async () => {
    // Arrange
    const handler = loadHandler();

    // Act
    const summary = await handler(event);

    // Assert
    expect(summary).toEqual({ partIndex: 4, rows: 2, files: 1 });
    expect(secrets).toHaveReceivedCommandWith(GetSecretValueCommand, { SecretId: SALT_ARN });
    expect(s3).toHaveReceivedCommandWith(GetObjectCommand, { Bucket: 'raw', Key: event.part.key });
    expect(puts.map(({ Bucket, Key }) => `${Bucket}/${Key}`)).toEqual([
      `curated/service/items/run=${RUN}/part-00004-000.parquet`,
      `curated/_manifests/service/items/run=${RUN}/part-00004.json`,
    ]);
  });

  it("prints the part's masked values as EMF in the lake namespace with the Source and Table dimensions", async () => {
    // Arrange
    const handler = loadHandler();
    const stdout = captureStdoutJson();

    // Act
    try {
      await handler(event);
    } finally {
      stdout.restore();
    }

    // Assert: 2 rows × 1 masked column, in the EMF specification's shape
    // (https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch_Embedded_Metric_Format_Specification.html)
    expect(stdout.emf()).toEqual([
      expect.objectContaining({
        _aws: expect.objectContaining({
          CloudWatchMetrics: [
            {
              Namespace: 'DataLake/marketplace',
              Dimensions: [['Source', 'Table']],
              Metrics: [
                { Name: 'MaskedValues', Unit: 'Count' },
                { Name: 'InvalidValuesNulled', Unit: 'Count' },
              ],
            },
          ],
        }),
        Source: plan.source,
        Table: plan.table,
        MaskedValues: 2,
        InvalidValuesNulled: 0,
      }),
    ]);
  });

  it('lands a MySQL zero date as NULL, returns it per column and prints it as InvalidValuesNulled', async () => {
    // Arrange: the export writes a MySQL DATE as text
    const datePlan = tablePlan(
      [
        plannedColumn('id', { dataType: 'int' }, { athenaType: 'int', duckdbType: 'INTEGER' }),
        plannedColumn('born', { dataType: 'date' }, { athenaType: 'date', duckdbType: 'DATE' }),
      ],
      { runId: RUN, expectedRows: 3 },
    );
    const datesFile = join(work, 'dates.parquet');
    const duckdb = await openDuckdb({ threads: 1 });
    await withConnection(duckdb, (connection) =>
      connection.run(
        `COPY (SELECT * FROM (VALUES (1, '0000-00-00'), (2, '2024-02-00'), (3, '1990-05-17')) AS t(id, born)) TO '${datesFile}' (FORMAT parquet)`,
      ),
    );
    duckdb.closeSync();
    s3.on(GetObjectCommand).callsFake(async () => ({
      Body: createReadStream(datesFile) as unknown as GetObjectCommandOutput['Body'],
    }));
    const handler = loadHandler();
    const stdout = captureStdoutJson();

    // Act
    let summary: unknown;
    try {
      summary = await handler({ ...event, plan: datePlan });
    } finally {
      stdout.restore();
    }

    // Assert
    expect(summary).toEqual({ partIndex: 4, rows: 3, files: 1, invalidValuesNulled: { born: 2 } });
    expect(stdout.emf()).toEqual([expect.objectContaining({ MaskedValues: 0, InvalidValuesNulled: 2 })]);
  });

  it('refuses an event whose part has no index', async () => {
    // Arrange
    const handler = loadHandler();

    // Act
    const act = handler({ ...event, part: { bucket: 'raw', key: 'k' } });

    // Assert
    await expect(act).rejects.toThrow(/index/);
    expect(s3).not.toHaveReceivedAnyCommand();
  });

  it('fails at load naming the missing salt variable', () => {
    // Arrange
    delete process.env.MASKING_SALT_SECRET_ARN;

    // Act: a fresh registry, as a new container would load it
    const act = () => jest.isolateModules(() => require('../../../lambdas/transform/handler'));

    // Assert
    expect(act).toThrow('Environment variable MASKING_SALT_SECRET_ARN is not set');
  });

  it('fails at load naming the missing curated bucket variable', () => {
    // Arrange
    delete process.env.CURATED_BUCKET;

    // Act
    const act = () => jest.isolateModules(() => require('../../../lambdas/transform/handler'));

    // Assert
    expect(act).toThrow('Environment variable CURATED_BUCKET is not set');
  });
});
