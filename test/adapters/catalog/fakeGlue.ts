import {
  AlreadyExistsException,
  BatchCreatePartitionCommand,
  type BatchCreatePartitionCommandInput,
  type BatchCreatePartitionCommandOutput,
  BatchDeletePartitionCommand,
  type BatchDeletePartitionCommandInput,
  type BatchDeletePartitionCommandOutput,
  CreateTableCommand,
  type CreateTableCommandInput,
  type CreateTableCommandOutput,
  DeleteTableCommand,
  type DeleteTableCommandInput,
  type DeleteTableCommandOutput,
  EntityNotFoundException,
  GetPartitionsCommand,
  type GetPartitionsCommandInput,
  type GetPartitionsCommandOutput,
  GetTableCommand,
  type GetTableCommandInput,
  type GetTableCommandOutput,
  type GlueClient,
  GlueServiceException,
  type PartitionError,
  type PartitionInput,
  type TableInput,
  UpdateTableCommand,
  type UpdateTableCommandInput,
  type UpdateTableCommandOutput,
} from '@aws-sdk/client-glue';
import type { AwsClientStub } from 'aws-sdk-client-mock';

/**
 * Array limits of the Glue API reference: BatchCreatePartition's `PartitionInputList` takes at
 * most 100 entries, BatchDeletePartition's `PartitionsToDelete` at most 25
 * (https://docs.aws.amazon.com/glue/latest/webapi/API_BatchCreatePartition.html,
 * https://docs.aws.amazon.com/glue/latest/webapi/API_BatchDeletePartition.html).
 */
export const GLUE_CREATE_PARTITIONS_LIMIT = 100;
export const GLUE_DELETE_PARTITIONS_LIMIT = 25;

/** Partitions per GetPartitions page here: small, so a few dozen partitions already span pages. */
const PAGE_SIZE = 40;

const metadata = { httpStatusCode: 400 };

function notFound(message: string): EntityNotFoundException {
  return new EntityNotFoundException({ message, $metadata: metadata });
}

/** What Glue answers a request that breaks a documented constraint (an array too long). */
function validation(message: string): GlueServiceException {
  return new GlueServiceException({
    name: 'ValidationException',
    $fault: 'client',
    $metadata: metadata,
    message,
  });
}

type StoredTable = TableInput & { DatabaseName: string };

/** A copy of the request's table input, as Glue keeps it. */
function stored(database: string | undefined, input: TableInput | undefined): StoredTable {
  if (database === undefined || input === undefined)
    throw validation('DatabaseName and TableInput are required');
  return { ...structuredClone(input), DatabaseName: database };
}

/**
 * An in-memory Glue Data Catalog answering the calls `GlueCatalog` makes as the Glue API
 * reference documents them, behind an aws-sdk-client-mock stub (the stub still records every
 * request for exact shape assertions):
 *
 * - GetTable, UpdateTable, DeleteTable of a missing table: EntityNotFoundException; CreateTable
 *   of a name that exists, table or view: AlreadyExistsException (the Errors sections of
 *   https://docs.aws.amazon.com/glue/latest/webapi/API_GetTable.html, API_UpdateTable.html,
 *   API_DeleteTable.html, API_CreateTable.html).
 * - DeleteTable takes the table's partitions with it (API_DeleteTable.html: Glue deletes the
 *   "orphaned" table versions and partitions, asynchronously; here at once).
 * - GetPartitions of a missing table: EntityNotFoundException; it pages with NextToken and
 *   leaves out the columns with `ExcludeColumnSchema` (API_GetPartitions.html).
 * - BatchCreatePartition / BatchDeletePartition: more than 100 / 25 entries is a
 *   ValidationException for the whole request (the array limits above); a missing table an
 *   EntityNotFoundException; an entry that exists (create) or does not (delete) comes back in
 *   `Errors` while the others apply (Response Elements: "Errors: the errors encountered when
 *   trying to create/delete the requested partitions").
 *
 * @example
 * ```ts
 * const glue = mockClient(GlueClient);
 * new FakeGlue().attach(glue);
 * ```
 */
export class FakeGlue {
  private readonly tables = new Map<string, StoredTable>();
  private readonly partitions = new Map<string, Map<string, PartitionInput>>();

  /** Answers the stub's Glue calls from this catalog. */
  public attach(stub: AwsClientStub<GlueClient>): void {
    stub.on(GetTableCommand).callsFake((input: GetTableCommandInput) => this.getTable(input));
    stub.on(CreateTableCommand).callsFake((input: CreateTableCommandInput) => this.createTable(input));
    stub.on(UpdateTableCommand).callsFake((input: UpdateTableCommandInput) => this.updateTable(input));
    stub.on(DeleteTableCommand).callsFake((input: DeleteTableCommandInput) => this.deleteTable(input));
    stub.on(GetPartitionsCommand).callsFake((input: GetPartitionsCommandInput) => this.getPartitions(input));
    stub
      .on(BatchCreatePartitionCommand)
      .callsFake((input: BatchCreatePartitionCommandInput) => this.batchCreatePartition(input));
    stub
      .on(BatchDeletePartitionCommand)
      .callsFake((input: BatchDeletePartitionCommandInput) => this.batchDeletePartition(input));
  }

  private getTable(input: GetTableCommandInput): GetTableCommandOutput {
    const table = this.existing(input.DatabaseName, input.Name);
    return { Table: { ...structuredClone(table), Name: table.Name ?? '' }, $metadata: {} };
  }

  private createTable(input: CreateTableCommandInput): CreateTableCommandOutput {
    const key = this.key(input.DatabaseName, input.TableInput?.Name);
    if (this.tables.has(key)) {
      throw new AlreadyExistsException({ message: `Table already exists: ${key}`, $metadata: metadata });
    }
    this.tables.set(key, stored(input.DatabaseName, input.TableInput));
    this.partitions.set(key, new Map());
    return { $metadata: {} };
  }

  private updateTable(input: UpdateTableCommandInput): UpdateTableCommandOutput {
    this.existing(input.DatabaseName, input.TableInput?.Name);
    const key = this.key(input.DatabaseName, input.TableInput?.Name);
    this.tables.set(key, stored(input.DatabaseName, input.TableInput));
    return { $metadata: {} };
  }

  private deleteTable(input: DeleteTableCommandInput): DeleteTableCommandOutput {
    this.existing(input.DatabaseName, input.Name);
    const key = this.key(input.DatabaseName, input.Name);
    this.tables.delete(key);
    this.partitions.delete(key);
    return { $metadata: {} };
  }

  private getPartitions(input: GetPartitionsCommandInput): GetPartitionsCommandOutput {
    this.existing(input.DatabaseName, input.TableName);
    const all = [...(this.partitions.get(this.key(input.DatabaseName, input.TableName))?.values() ?? [])];
    const start = input.NextToken === undefined ? 0 : Number(input.NextToken);
    const page = all.slice(start, start + PAGE_SIZE).map((partition) => {
      const copy = structuredClone(partition);
      if (input.ExcludeColumnSchema && copy.StorageDescriptor) delete copy.StorageDescriptor.Columns;
      return { ...copy, DatabaseName: input.DatabaseName, TableName: input.TableName };
    });
    return {
      Partitions: page,
      ...(start + PAGE_SIZE < all.length ? { NextToken: String(start + PAGE_SIZE) } : {}),
      $metadata: {},
    };
  }

  private batchCreatePartition(input: BatchCreatePartitionCommandInput): BatchCreatePartitionCommandOutput {
    const entries = input.PartitionInputList ?? [];
    if (entries.length > GLUE_CREATE_PARTITIONS_LIMIT) {
      throw validation(
        `1 validation error detected: Value at 'partitionInputList' failed to satisfy constraint: Member must have length less than or equal to ${GLUE_CREATE_PARTITIONS_LIMIT}`,
      );
    }
    this.existing(input.DatabaseName, input.TableName);
    const partitions = this.partitions.get(this.key(input.DatabaseName, input.TableName)) ?? new Map();
    const errors: PartitionError[] = [];
    for (const entry of entries) {
      const values = JSON.stringify(entry.Values ?? []);
      if (partitions.has(values)) {
        errors.push({
          PartitionValues: entry.Values,
          ErrorDetail: { ErrorCode: 'AlreadyExistsException', ErrorMessage: 'Partition already exists.' },
        });
      } else {
        partitions.set(values, structuredClone(entry));
      }
    }
    return { ...(errors.length > 0 ? { Errors: errors } : {}), $metadata: {} };
  }

  private batchDeletePartition(input: BatchDeletePartitionCommandInput): BatchDeletePartitionCommandOutput {
    const entries = input.PartitionsToDelete ?? [];
    if (entries.length > GLUE_DELETE_PARTITIONS_LIMIT) {
      throw validation(
        `1 validation error detected: Value at 'partitionsToDelete' failed to satisfy constraint: Member must have length less than or equal to ${GLUE_DELETE_PARTITIONS_LIMIT}`,
      );
    }
    this.existing(input.DatabaseName, input.TableName);
    const partitions = this.partitions.get(this.key(input.DatabaseName, input.TableName)) ?? new Map();
    const errors: PartitionError[] = [];
    for (const entry of entries) {
      if (!partitions.delete(JSON.stringify(entry.Values ?? []))) {
        errors.push({
          PartitionValues: entry.Values,
          ErrorDetail: { ErrorCode: 'EntityNotFoundException', ErrorMessage: 'Partition not found.' },
        });
      }
    }
    return { ...(errors.length > 0 ? { Errors: errors } : {}), $metadata: {} };
  }

  private existing(database: string | undefined, name: string | undefined): StoredTable {
    const table = this.tables.get(this.key(database, name));
    if (table === undefined) throw notFound(`Table ${name} not found.`);
    return table;
  }

  private key(database: string | undefined, name: string | undefined): string {
    return `${database ?? ''}.${name ?? ''}`;
  }
}
