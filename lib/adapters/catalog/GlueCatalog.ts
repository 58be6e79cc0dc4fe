import {
  AlreadyExistsException,
  BatchCreatePartitionCommand,
  BatchDeletePartitionCommand,
  CreateTableCommand,
  DeleteTableCommand,
  EntityNotFoundException,
  type ErrorDetail,
  GetPartitionsCommand,
  GetTableCommand,
  type GlueClient,
  UpdateTableCommand,
} from '@aws-sdk/client-glue';
import {
  type CatalogPartition,
  type CatalogTable,
  type CatalogView,
  gluePartitionInput,
  glueTableInput,
  glueViewInput,
  parsePrestoView,
} from '../../core/commit';
import {
  CatalogBatchError,
  type CatalogBatchFailure,
  CatalogTableExistsError,
  CatalogTableNotFoundError,
} from '../../core/errors';
import { inBatches } from '../../core/inBatches';
import type { Catalog } from './Catalog';

/**
 * Glue's limits: BatchCreatePartition takes 100 entries, BatchDeletePartition 25 (AWS Glue API,
 * "BatchCreatePartition" and "BatchDeletePartition"). A commit of more partitions than that is
 * several calls, which is why readers never query the partitioned tables directly but a view
 * switched by one UpdateTable.
 */
const CREATE_BATCH = 100;
const DELETE_BATCH = 25;

function failure(values: string[] | undefined, detail: ErrorDetail | undefined): CatalogBatchFailure {
  return {
    values: values ?? [],
    code: detail?.ErrorCode ?? 'Unknown',
    message: detail?.ErrorMessage ?? '(no message)',
  };
}

function isNotFound(error: unknown): boolean {
  return (
    error instanceof EntityNotFoundException ||
    (error as { name?: unknown })?.name === 'EntityNotFoundException'
  );
}

function isAlreadyExists(error: unknown): boolean {
  return (
    error instanceof AlreadyExistsException ||
    (error as { name?: unknown })?.name === 'AlreadyExistsException'
  );
}

/**
 * Sends a call on an existing table; Glue's EntityNotFoundException (the table is missing)
 * becomes a {@link CatalogTableNotFoundError}, as every catalog reports it.
 */
async function onTable<T>(
  operation: string,
  database: string,
  table: string,
  call: () => Promise<T>,
): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (isNotFound(error)) throw new CatalogTableNotFoundError(operation, database, table, { cause: error });
    throw error;
  }
}

/**
 * {@link Catalog} on the AWS Glue Data Catalog, through an injected `GlueClient`.
 *
 * Glue's EntityNotFoundException and AlreadyExistsException (Glue API reference, the Errors of
 * CreateTable, UpdateTable, GetPartitions, BatchCreatePartition, BatchDeletePartition) become
 * the catalog errors every implementation raises: {@link CatalogTableNotFoundError},
 * {@link CatalogTableExistsError}.
 *
 * Partition batches go in Glue's chunk sizes (100 to create, 25 to delete). Glue answers a batch
 * with HTTP 200 and a list of per-entry errors; every chunk is sent and all such errors are
 * raised together as a {@link CatalogBatchError}, never dropped. Views are written as Athena
 * writes them (see `glueViewInput`) and replaced with `SkipArchive`: every commit replaces two
 * views, and Glue keeps an archived version per UpdateTable otherwise, against quotas of
 * 100,000 versions per table and 1,000,000 per account (AWS Glue API, "UpdateTable":
 * `SkipArchive`; AWS re:Post, "glue-table-version-errors").
 *
 * @example
 * ```ts
 * const catalog = new GlueCatalog(new GlueClient({}));
 * const table = await catalog.getTable('marketplace_service', 'users');
 * ```
 */
export class GlueCatalog implements Catalog {
  public constructor(private readonly glue: GlueClient) {}

  public async getTable(database: string, name: string): Promise<CatalogTable | undefined> {
    try {
      const { Table: table } = await this.glue.send(
        new GetTableCommand({ DatabaseName: database, Name: name }),
      );
      if (table === undefined) return undefined;
      return {
        name: table.Name ?? name,
        columns: (table.StorageDescriptor?.Columns ?? []).map((column) => ({
          name: column.Name ?? '',
          type: column.Type ?? '',
        })),
        partitionKeys: (table.PartitionKeys ?? []).map((key) => key.Name ?? ''),
        location: table.StorageDescriptor?.Location ?? '',
        parameters: table.Parameters ?? {},
      };
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
  }

  public async getView(database: string, name: string): Promise<CatalogView | undefined> {
    try {
      const { Table: table } = await this.glue.send(
        new GetTableCommand({ DatabaseName: database, Name: name }),
      );
      if (table?.TableType !== 'VIRTUAL_VIEW') return undefined;
      return parsePrestoView({
        name: table.Name ?? name,
        viewOriginalText: table.ViewOriginalText ?? '',
        columns: (table.StorageDescriptor?.Columns ?? []).map((column) => ({
          name: column.Name ?? '',
          type: column.Type ?? '',
        })),
        parameters: table.Parameters ?? {},
      });
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
  }

  public async createTable(database: string, table: CatalogTable): Promise<void> {
    try {
      await this.glue.send(
        new CreateTableCommand({ DatabaseName: database, TableInput: glueTableInput(table) }),
      );
    } catch (error) {
      if (isAlreadyExists(error)) throw new CatalogTableExistsError(database, table.name, { cause: error });
      throw error;
    }
  }

  public async updateTable(database: string, table: CatalogTable): Promise<void> {
    await onTable('updateTable', database, table.name, () =>
      this.glue.send(new UpdateTableCommand({ DatabaseName: database, TableInput: glueTableInput(table) })),
    );
  }

  public async deleteTable(database: string, name: string): Promise<void> {
    try {
      await this.glue.send(new DeleteTableCommand({ DatabaseName: database, Name: name }));
    } catch (error) {
      if (!isNotFound(error)) throw error;
    }
  }

  public async getPartitions(database: string, table: string): Promise<CatalogPartition[]> {
    const partitions: CatalogPartition[] = [];
    let nextToken: string | undefined;
    do {
      const token = nextToken;
      const page = await onTable('getPartitions', database, table, () =>
        this.glue.send(
          new GetPartitionsCommand({
            DatabaseName: database,
            TableName: table,
            ExcludeColumnSchema: true,
            NextToken: token,
          }),
        ),
      );
      for (const partition of page.Partitions ?? []) {
        partitions.push({
          values: partition.Values ?? [],
          location: partition.StorageDescriptor?.Location ?? '',
        });
      }
      nextToken = page.NextToken;
    } while (nextToken);
    return partitions;
  }

  public async createPartitions(
    database: string,
    table: CatalogTable,
    partitions: readonly CatalogPartition[],
  ): Promise<void> {
    const failures: CatalogBatchFailure[] = [];
    for (const chunk of inBatches(partitions, CREATE_BATCH)) {
      const { Errors: errors } = await onTable('createPartitions', database, table.name, () =>
        this.glue.send(
          new BatchCreatePartitionCommand({
            DatabaseName: database,
            TableName: table.name,
            PartitionInputList: chunk.map((partition) => gluePartitionInput(table, partition)),
          }),
        ),
      );
      failures.push(...(errors ?? []).map((error) => failure(error.PartitionValues, error.ErrorDetail)));
    }
    this.raise('BatchCreatePartition', database, table.name, failures);
  }

  public async deletePartitions(
    database: string,
    table: string,
    partitions: readonly CatalogPartition[],
  ): Promise<void> {
    const failures: CatalogBatchFailure[] = [];
    for (const chunk of inBatches(partitions, DELETE_BATCH)) {
      const { Errors: errors } = await onTable('deletePartitions', database, table, () =>
        this.glue.send(
          new BatchDeletePartitionCommand({
            DatabaseName: database,
            TableName: table,
            PartitionsToDelete: chunk.map((partition) => ({ Values: [...partition.values] })),
          }),
        ),
      );
      failures.push(...(errors ?? []).map((error) => failure(error.PartitionValues, error.ErrorDetail)));
    }
    this.raise('BatchDeletePartition', database, table, failures);
  }

  /** Replaces the view in one UpdateTable (no archived version), creating it when Glue says it does not exist. */
  public async upsertView(database: string, view: CatalogView): Promise<void> {
    const input = glueViewInput(view);
    try {
      await this.glue.send(
        new UpdateTableCommand({ DatabaseName: database, TableInput: input, SkipArchive: true }),
      );
    } catch (error) {
      if (!isNotFound(error)) throw error;
      await this.glue.send(new CreateTableCommand({ DatabaseName: database, TableInput: input }));
    }
  }

  private raise(operation: string, database: string, table: string, failures: CatalogBatchFailure[]): void {
    if (failures.length > 0) throw new CatalogBatchError(operation, `${database}.${table}`, failures);
  }
}
