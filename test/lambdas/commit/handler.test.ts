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
  }),
  expectedParts: 1,
};

/** The JSON log lines Powertools wrote through the console (POWERTOOLS_DEV routes it there). */
function logged(spy: jest.SpyInstance): Record<string, unknown>[] {
  return spy.mock.calls.map(([line]) => JSON.parse(String(line)) as Record<string, unknown>);
}

beforeAll(() => {
  process.env.POWERTOOLS_DEV = 'true';
  process.env.GLUE_DATABASE = 'marketplace_service';
  process.env.CURATED_BUCKET = 'curated';
  process.env.CURATED_RUNS_TO_KEEP = '3';
  // Env first: the handler reads it when its module loads.
  ({ handler } = require('../../../lambdas/commit/handler') as { handler: Handler });
});

afterAll(() => {
  for (const name of ['POWERTOOLS_DEV', 'GLUE_DATABASE', 'CURATED_BUCKET', 'CURATED_RUNS_TO_KEEP']) {
    delete process.env[name];
  }
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

afterEach(() => {
  jest.restoreAllMocks();
});

describe('commit handler', () => {
  it('commits into the env database and bucket and logs the rows and schema changes as EMF metrics', async () => {
    // Arrange
    const info = jest.spyOn(console, 'info').mockImplementation(() => undefined);
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
    const line = logged(info).find((entry) => entry.message === 'Table committed');
    expect(line).toMatchObject({
      Table: 'service.users',
      RowsCommitted: 10,
      ColumnsAdded: 2,
      ColumnsDropped: 0,
      ColumnsWidened: 0,
      _aws: { CloudWatchMetrics: [{ Namespace: 'DataLake/Snapshot', Dimensions: [['Table']] }] },
    });
  });

  it('logs an IncompatibleSchemaChanges metric and rethrows when the schema cannot evolve', async () => {
    // Arrange
    const error = jest.spyOn(console, 'error').mockImplementation(() => undefined);
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
    expect(logged(error).find((entry) => entry.message === 'Incompatible schema change')).toMatchObject({
      Table: 'service.users',
      IncompatibleSchemaChanges: 1,
      _aws: { CloudWatchMetrics: [{ Metrics: [{ Name: 'IncompatibleSchemaChanges', Unit: 'Count' }] }] },
    });
    expect(glue).not.toReceiveCommand(UpdateTableCommand);
  });

  it('refuses an event without expectedParts, naming the field', async () => {
    // Act / Assert
    await expect(handler({ plan: EVENT.plan })).rejects.toThrow(/expectedParts/);
    expect(s3.calls()).toHaveLength(0);
  });
});
