import {
  BatchCreatePartitionCommand,
  BatchDeletePartitionCommand,
  CreateTableCommand,
  DeleteTableCommand,
  EntityNotFoundException,
  GetPartitionsCommand,
  GetTableCommand,
  GlueClient,
  UpdateTableCommand,
} from '@aws-sdk/client-glue';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { GlueCatalog } from '../../../lib/adapters/catalog';
import {
  type CatalogPartition,
  type CatalogTable,
  curatedView,
  gluePartitionInput,
  glueTableInput,
  glueViewInput,
} from '../../../lib/core/commit';
import { CatalogBatchError } from '../../../lib/core/errors';
import { describeCatalogContract } from '../../contracts/catalogContract';
import { FakeGlue } from './fakeGlue';

const DB = 'marketplace_service';
const RUN = '20261123T030005Z';

const ITEMS: CatalogTable = {
  name: 'items',
  columns: [{ name: 'id', type: 'bigint' }],
  partitionKeys: ['day'],
  location: 's3://curated/service/items/',
  parameters: { datalake_run_id: RUN },
};

function days(count: number): CatalogPartition[] {
  return Array.from({ length: count }, (_, index) => ({
    values: [`d${String(index).padStart(3, '0')}`],
    location: `s3://curated/service/items/day=d${index}/run=${RUN}/`,
  }));
}

const glue = mockClient(GlueClient);
const catalog = new GlueCatalog(new GlueClient({ region: 'eu-west-1' }));

beforeEach(() => {
  glue.reset();
});

describeCatalogContract('GlueCatalog on a fake of the Glue API', async () => {
  new FakeGlue().attach(glue);
  return { catalog };
});

describe('GlueCatalog.getTable', () => {
  it('reads columns, partition keys, location and parameters', async () => {
    // Arrange
    glue.on(GetTableCommand, { DatabaseName: DB, Name: 'items' }).resolves({
      Table: {
        Name: 'items',
        PartitionKeys: [{ Name: 'day', Type: 'string' }],
        StorageDescriptor: {
          Columns: [{ Name: 'id', Type: 'bigint' }],
          Location: 's3://curated/service/items/',
        },
        Parameters: { datalake_run_id: RUN, classification: 'parquet' },
      },
    });

    // Act
    const table = await catalog.getTable(DB, 'items');

    // Assert
    expect(table).toEqual({ ...ITEMS, parameters: { datalake_run_id: RUN, classification: 'parquet' } });
    expect(glue).toReceiveCommandTimes(GetTableCommand, 1);
    expect(glue).toReceiveCommandWith(GetTableCommand, { DatabaseName: DB, Name: 'items' });
  });

  it('lets other errors through', async () => {
    // Arrange
    glue.on(GetTableCommand).rejects(new Error('throttled'));

    // Act / Assert
    await expect(catalog.getTable(DB, 'items')).rejects.toThrow('throttled');
  });
});

describe('GlueCatalog tables', () => {
  it('creates a table with the exact Glue TableInput', async () => {
    // Act
    await catalog.createTable(DB, ITEMS);

    // Assert
    expect(glue).toReceiveCommandTimes(CreateTableCommand, 1);
    expect(glue).toReceiveCommandWith(CreateTableCommand, {
      DatabaseName: DB,
      TableInput: glueTableInput(ITEMS),
    });
  });

  it('updates a table with the exact Glue TableInput', async () => {
    // Act
    await catalog.updateTable(DB, ITEMS);

    // Assert
    expect(glue).toReceiveCommandTimes(UpdateTableCommand, 1);
    expect(glue).toReceiveCommandWith(UpdateTableCommand, {
      DatabaseName: DB,
      TableInput: glueTableInput(ITEMS),
    });
  });
});

describe('GlueCatalog.getPartitions', () => {
  it('follows NextToken through every page, without column schemas', async () => {
    // Arrange
    glue
      .on(GetPartitionsCommand, { NextToken: undefined })
      .resolves({
        Partitions: [{ Values: ['a'], StorageDescriptor: { Location: 's3://x/a/' } }],
        NextToken: 'page2',
      })
      .on(GetPartitionsCommand, { NextToken: 'page2' })
      .resolves({ Partitions: [{ Values: ['b'], StorageDescriptor: { Location: 's3://x/b/' } }] });

    // Act
    const partitions = await catalog.getPartitions(DB, 'items');

    // Assert
    expect(partitions).toEqual([
      { values: ['a'], location: 's3://x/a/' },
      { values: ['b'], location: 's3://x/b/' },
    ]);
    expect(glue).toReceiveCommandTimes(GetPartitionsCommand, 2);
    expect(glue).toReceiveNthCommandWith(2, GetPartitionsCommand, {
      DatabaseName: DB,
      TableName: 'items',
      ExcludeColumnSchema: true,
      NextToken: 'page2',
    });
  });
});

describe('GlueCatalog partition batches', () => {
  it('creates partitions in chunks of 100', async () => {
    // Arrange
    const partitions = days(201);
    glue.on(BatchCreatePartitionCommand).resolves({});

    // Act
    await catalog.createPartitions(DB, ITEMS, partitions);

    // Assert
    expect(glue).toReceiveCommandTimes(BatchCreatePartitionCommand, 3);
    expect(glue).toReceiveNthCommandWith(1, BatchCreatePartitionCommand, {
      DatabaseName: DB,
      TableName: 'items',
      PartitionInputList: partitions.slice(0, 100).map((partition) => gluePartitionInput(ITEMS, partition)),
    });
    expect(glue).toReceiveNthCommandWith(3, BatchCreatePartitionCommand, {
      DatabaseName: DB,
      TableName: 'items',
      PartitionInputList: [gluePartitionInput(ITEMS, partitions[200] as CatalogPartition)],
    });
  });

  it('deletes partitions in chunks of 25', async () => {
    // Arrange
    const partitions = days(26);
    glue.on(BatchDeletePartitionCommand).resolves({});

    // Act
    await catalog.deletePartitions(DB, 'items', partitions);

    // Assert
    expect(glue).toReceiveCommandTimes(BatchDeletePartitionCommand, 2);
    expect(glue).toReceiveNthCommandWith(1, BatchDeletePartitionCommand, {
      DatabaseName: DB,
      TableName: 'items',
      PartitionsToDelete: partitions.slice(0, 25).map((partition) => ({ Values: [...partition.values] })),
    });
    expect(glue).toReceiveNthCommandWith(2, BatchDeletePartitionCommand, {
      DatabaseName: DB,
      TableName: 'items',
      PartitionsToDelete: [{ Values: ['d025'] }],
    });
  });

  it('sends no request for no partitions', async () => {
    // Act
    await catalog.createPartitions(DB, ITEMS, []);
    await catalog.deletePartitions(DB, 'items', []);

    // Assert
    expect(glue.calls()).toHaveLength(0);
  });

  it('sends every chunk, then raises the per-entry errors of all of them together', async () => {
    // Arrange
    const partitions = days(150);
    glue
      .on(BatchCreatePartitionCommand)
      .resolvesOnce({
        Errors: [
          {
            PartitionValues: ['d007'],
            ErrorDetail: { ErrorCode: 'AlreadyExistsException', ErrorMessage: 'Partition already exists.' },
          },
        ],
      })
      .resolvesOnce({
        Errors: [
          {
            PartitionValues: ['d120'],
            ErrorDetail: { ErrorCode: 'InternalServiceException', ErrorMessage: 'try again' },
          },
        ],
      });

    // Act
    const error = await catalog.createPartitions(DB, ITEMS, partitions).catch((caught: unknown) => caught);

    // Assert
    expect(glue).toReceiveCommandTimes(BatchCreatePartitionCommand, 2);
    expect(error).toBeInstanceOf(CatalogBatchError);
    expect((error as CatalogBatchError).failures).toEqual([
      { values: ['d007'], code: 'AlreadyExistsException', message: 'Partition already exists.' },
      { values: ['d120'], code: 'InternalServiceException', message: 'try again' },
    ]);
    expect((error as CatalogBatchError).message).toBe(
      'BatchCreatePartition on marketplace_service.items failed for 2 partition(s):\n' +
        '  [d007]: AlreadyExistsException: Partition already exists.\n' +
        '  [d120]: InternalServiceException: try again',
    );
  });

  it('raises per-entry errors of deletes too', async () => {
    // Arrange
    glue
      .on(BatchDeletePartitionCommand)
      .resolves({ Errors: [{ PartitionValues: ['d000'], ErrorDetail: { ErrorMessage: 'denied' } }] });

    // Act / Assert
    await expect(catalog.deletePartitions(DB, 'items', days(1))).rejects.toThrow(
      'BatchDeletePartition on marketplace_service.items failed for 1 partition(s):\n  [d000]: Unknown: denied',
    );
  });
});

const VIEW = curatedView({
  database: DB,
  name: 'items',
  from: 'items__run_20261123t030005z',
  columns: ITEMS.columns,
  partitionKeys: ITEMS.partitionKeys,
  parameters: { datalake_run_id: RUN },
});

describe('GlueCatalog.deleteTable', () => {
  it('deletes the table by name', async () => {
    // Arrange
    glue.on(DeleteTableCommand).resolves({});

    // Act
    await catalog.deleteTable(DB, 'items__run_20261122t030005z');

    // Assert
    expect(glue).toReceiveCommandTimes(DeleteTableCommand, 1);
    expect(glue).toReceiveCommandWith(DeleteTableCommand, {
      DatabaseName: DB,
      Name: 'items__run_20261122t030005z',
    });
  });
});

describe('GlueCatalog.upsertView', () => {
  const view = VIEW;

  // AWS Glue API, "UpdateTable": without SkipArchive every update archives a table version, and
  // Glue allows 100,000 per table and 1,000,000 per account (AWS re:Post, glue-table-version-errors):
  // two view updates per commit would use the account's up within a year of hourly commits.
  it('replaces an existing view in one UpdateTable with the Presto view input, archiving no version', async () => {
    // Arrange
    glue.on(UpdateTableCommand).resolves({});

    // Act
    await catalog.upsertView(DB, view);

    // Assert
    expect(glue).toReceiveCommandTimes(UpdateTableCommand, 1);
    expect(glue).toReceiveCommandWith(UpdateTableCommand, {
      DatabaseName: DB,
      TableInput: glueViewInput(view),
      SkipArchive: true,
    });
    expect(glue).not.toReceiveCommand(CreateTableCommand);
  });

  it('creates the view when Glue does not have it', async () => {
    // Arrange
    glue.on(UpdateTableCommand).rejects(new EntityNotFoundException({ message: 'not found', $metadata: {} }));
    glue.on(CreateTableCommand).resolves({});

    // Act
    await catalog.upsertView(DB, view);

    // Assert
    expect(glue).toReceiveCommandWith(CreateTableCommand, {
      DatabaseName: DB,
      TableInput: glueViewInput(view),
    });
  });
});
