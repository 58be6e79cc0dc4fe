import {
  CreateTableCommand,
  EntityNotFoundException,
  GetTableCommand,
  GlueClient,
  UpdateTableCommand,
} from '@aws-sdk/client-glue';
import {
  GetObjectCommand,
  type GetObjectCommandOutput,
  ListObjectsV2Command,
  S3Client,
} from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { manifestKey, manifestPrefix } from '../../../lib/core/pipeline';
import { partResult, RUN } from '../../core/commit/factories';
import { captureStdoutJson, type StdoutJsonLines } from '../../helpers/stdoutJsonLines';
import { tablePlan } from '../../helpers/tablePlanFactory';

const s3 = mockClient(S3Client);
const glue = mockClient(GlueClient);
type Handler = (event: unknown) => Promise<unknown>;
let handler: Handler;

/** The commit state's input: a whole table plan (the schema every task shares) and the parts. */
const EVENT = {
  plan: tablePlan([], {
    source: 'service',
    schema: 'service',
    database: 'service',
    table: 'users',
    runId: RUN,
    expectedRows: 10,
    freshnessSloSeconds: 7200,
  }),
  expectedParts: 1,
};

const ENV = {
  GLUE_DATABASE: 'marketplace_service',
  CURATED_BUCKET: 'curated',
  CURATED_RUNS_TO_KEEP: '3',
  POWERTOOLS_METRICS_NAMESPACE: 'DataLake/marketplace',
};
/** What the handler prints to stdout, as on Lambda (no POWERTOOLS_DEV: Powertools writes there itself). */
let stdout: StdoutJsonLines;

beforeAll(() => {
  Object.assign(process.env, ENV);
  // Env first: the handler reads it when its module loads.
  ({ handler } = require('../../../lambdas/commit/handler') as { handler: Handler });
});

afterAll(() => {
  for (const name of Object.keys(ENV)) delete process.env[name];
});

beforeEach(() => {
  s3.reset();
  glue.reset();
  const key = manifestKey('service', 'users', RUN, 0);
  s3.on(ListObjectsV2Command).resolves({});
  s3.on(ListObjectsV2Command, { Prefix: manifestPrefix('service', 'users', RUN) }).resolves({
    Contents: [{ Key: key, Size: 100 }],
  });
  // The store only reads the body as text.
  const body = { transformToString: async () => JSON.stringify(partResult(0)) };
  s3.on(GetObjectCommand, { Bucket: 'curated', Key: key }).resolves({
    Body: body as unknown as GetObjectCommandOutput['Body'],
  });
});

beforeEach(() => {
  stdout = captureStdoutJson();
});

afterEach(() => {
  stdout.restore();
});

describe('commit handler', () => {
  it('commits into the env database and bucket and prints the table metrics as EMF in the lake namespace', async () => {
    // Arrange
    glue.on(GetTableCommand).rejects(new EntityNotFoundException({ message: 'none', $metadata: {} }));
    glue.on(UpdateTableCommand).rejects(new EntityNotFoundException({ message: 'none', $metadata: {} }));

    // Act
    const summary = await handler(EVENT);

    // Assert
    expect(summary).toMatchObject({ table: 'service.users', database: 'marketplace_service', rows: 10 });
    expect(glue).toReceiveCommandWith(CreateTableCommand, {
      DatabaseName: 'marketplace_service',
      TableInput: expect.objectContaining({ Name: 'users' }),
    });
    // The EMF specification: one CloudWatchMetrics directive naming the namespace, the
    // dimension set and each metric, whose values are top-level members
    // (https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch_Embedded_Metric_Format_Specification.html).
    const [record, sourceRecord, ...others] = stdout.emf();
    expect(others).toHaveLength(0);
    expect(record?._aws.CloudWatchMetrics).toEqual([
      {
        Namespace: 'DataLake/marketplace',
        Dimensions: [['Source', 'Table']],
        Metrics: [
          { Name: 'RowsCommitted', Unit: 'Count' },
          { Name: 'BytesCommitted', Unit: 'Bytes' },
          { Name: 'RunDurationSeconds', Unit: 'Seconds' },
          { Name: 'FreshnessSeconds', Unit: 'Seconds' },
          { Name: 'RowCountDifference', Unit: 'Count' },
        ],
      },
    ]);
    expect(record).toMatchObject({
      Source: 'service',
      Table: 'users',
      RowsCommitted: 10,
      RowCountDifference: 0,
    });
    expect(record?.FreshnessSeconds).toBeGreaterThan(0);
    expect(record).not.toHaveProperty('service');
    // The same freshness per source, as a share of the table's SLO: one alarm watches every table.
    expect(sourceRecord?._aws.CloudWatchMetrics).toEqual([
      {
        Namespace: 'DataLake/marketplace',
        Dimensions: [['Source']],
        Metrics: [{ Name: 'FreshnessPercentOfSlo', Unit: 'Percent' }],
      },
    ]);
    expect(sourceRecord).toMatchObject({ Source: 'service' });
    expect(sourceRecord).not.toHaveProperty('Table');
    expect(sourceRecord?.FreshnessPercentOfSlo).toBeCloseTo(
      (100 * Number(record?.FreshnessSeconds)) / 7200,
      1,
    );
  });

  it('names the run, source and table on every log line', async () => {
    // Arrange
    glue.on(GetTableCommand).rejects(new EntityNotFoundException({ message: 'none', $metadata: {} }));
    glue.on(UpdateTableCommand).rejects(new EntityNotFoundException({ message: 'none', $metadata: {} }));

    // Act
    await handler(EVENT);

    // Assert
    const logLines = stdout.lines().filter((line) => line.message !== undefined);
    expect(logLines.map((line) => line.message)).toContain('Table committed');
    for (const line of logLines)
      expect(line).toMatchObject({ runId: RUN, source: 'service', table: 'users' });
  });

  it('prints a SchemaChangesRefused metric and rethrows when the schema cannot evolve', async () => {
    // Arrange
    glue.on(GetTableCommand).resolves({
      Table: {
        Name: 'users',
        StorageDescriptor: { Columns: [{ Name: 'id', Type: 'date' }], Location: 's3://curated/x/' },
        PartitionKeys: [],
        Parameters: {},
      },
    });

    // Act / Assert
    await expect(handler(EVENT)).rejects.toThrow('id: catalog has date, run wrote int');
    expect(stdout.emf()).toEqual([
      expect.objectContaining({
        _aws: expect.objectContaining({
          CloudWatchMetrics: [
            {
              Namespace: 'DataLake/marketplace',
              Dimensions: [['Source', 'Table']],
              Metrics: [{ Name: 'SchemaChangesRefused', Unit: 'Count' }],
            },
          ],
        }),
        Source: 'service',
        Table: 'users',
        SchemaChangesRefused: 1,
      }),
    ]);
    expect(stdout.errorLines().find((line) => line.message === 'Incompatible schema change')).toMatchObject({
      runId: RUN,
      table: 'users',
    });
    expect(glue).not.toReceiveCommand(UpdateTableCommand);
  });

  it('refuses an event without expectedParts, naming the field', async () => {
    // Act / Assert
    await expect(handler({ plan: EVENT.plan })).rejects.toThrow(/expectedParts/);
    expect(s3.calls()).toHaveLength(0);
  });
});
