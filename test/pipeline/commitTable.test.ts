import {
  BatchCreatePartitionCommand,
  BatchDeletePartitionCommand,
  BatchUpdatePartitionCommand,
  CreateTableCommand,
  EntityNotFoundException,
  GetPartitionsCommand,
  GetTableCommand,
  GlueClient,
  type PartitionInput,
  type TableInput,
  UpdateTableCommand,
} from '@aws-sdk/client-glue';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { GlueCatalog } from '../../lib/adapters/catalog';
import { listAll, S3ObjectStore } from '../../lib/adapters/objectStore';
import { gluePartitionInput, glueTableInput, glueViewInput, latestView } from '../../lib/core/commit';
import { RowCountMismatchError, SchemaEvolutionError, StaleRunError } from '../../lib/core/errors';
import { manifestKey, type PartResult, type WrittenColumn } from '../../lib/core/pipeline';
import { type CommitPlan, commitTable } from '../../lib/pipeline/commitTable';
import { partResult } from '../core/commit/factories';
import { type Fauxqs, startFauxqs } from '../helpers/startFauxqs';

const DB = 'marketplace_service';
const RUN1 = '20261101T030000Z';
const RUN2 = '20261102T030000Z';
const RUN3 = '20261103T030000Z';
const V1: readonly WrittenColumn[] = [
  { name: 'id', duckdbType: 'INTEGER' },
  { name: 'email_hash', duckdbType: 'VARCHAR' },
];
const V2_WIDENED: readonly WrittenColumn[] = [
  { name: 'id', duckdbType: 'BIGINT' },
  { name: 'email_hash', duckdbType: 'VARCHAR' },
];

const glue = mockClient(GlueClient);

/**
 * Glue answered from memory: the tables and partitions the commit created, so a second commit
 * reads what the first wrote. Every request is still recorded by aws-sdk-client-mock.
 */
function fakeGlue() {
  const tables = new Map<string, TableInput>();
  const partitions = new Map<string, PartitionInput>();
  const notFound = (what: string) =>
    new EntityNotFoundException({ message: `${what} not found`, $metadata: {} });
  const partitionId = (table: string | undefined, values: readonly string[] | undefined) =>
    `${table}|${JSON.stringify(values)}`;
  glue.on(GetTableCommand).callsFake((input: { Name: string }) => {
    const table = tables.get(input.Name);
    if (!table) throw notFound(`table ${input.Name}`);
    return { Table: { ...table, DatabaseName: DB } };
  });
  glue.on(CreateTableCommand).callsFake((input: { TableInput: TableInput }) => {
    tables.set(input.TableInput.Name ?? '', structuredClone(input.TableInput));
    return {};
  });
  glue.on(UpdateTableCommand).callsFake((input: { TableInput: TableInput }) => {
    if (!tables.has(input.TableInput.Name ?? '')) throw notFound(`table ${input.TableInput.Name}`);
    tables.set(input.TableInput.Name ?? '', structuredClone(input.TableInput));
    return {};
  });
  glue.on(GetPartitionsCommand).callsFake((input: { TableName: string }) => ({
    Partitions: [...partitions.entries()]
      .filter(([id]) => id.startsWith(`${input.TableName}|`))
      .map(([, partition]) => partition),
  }));
  glue
    .on(BatchCreatePartitionCommand)
    .callsFake((input: { TableName: string; PartitionInputList: PartitionInput[] }) => {
      for (const partition of input.PartitionInputList) {
        partitions.set(partitionId(input.TableName, partition.Values), structuredClone(partition));
      }
      return {};
    });
  glue
    .on(BatchUpdatePartitionCommand)
    .callsFake(
      (input: {
        TableName: string;
        Entries: { PartitionValueList: string[]; PartitionInput: PartitionInput }[];
      }) => {
        for (const entry of input.Entries) {
          partitions.set(
            partitionId(input.TableName, entry.PartitionValueList),
            structuredClone(entry.PartitionInput),
          );
        }
        return {};
      },
    );
  glue
    .on(BatchDeletePartitionCommand)
    .callsFake((input: { TableName: string; PartitionsToDelete: { Values: string[] }[] }) => {
      for (const partition of input.PartitionsToDelete)
        partitions.delete(partitionId(input.TableName, partition.Values));
      return {};
    });
  return { tables, partitions };
}

let fauxqs: Fauxqs;
let objectStore: S3ObjectStore;
let bucket: string;
let bucketCount = 0;
const catalog = new GlueCatalog(new GlueClient({ region: 'eu-west-1' }));
let state: ReturnType<typeof fakeGlue>;

beforeAll(async () => {
  fauxqs = await startFauxqs();
  objectStore = new S3ObjectStore({ client: fauxqs.s3 });
});

afterAll(async () => {
  await fauxqs.stop();
});

beforeEach(async () => {
  // A fresh bucket per test: runs and retention never see another test's objects.
  bucketCount += 1;
  bucket = `curated-${bucketCount}`;
  await fauxqs.createBucket(bucket);
  glue.reset();
  state = fakeGlue();
});

function plan(
  runId: string,
  options: { table?: string; partitionKeys?: string[]; rows?: number } = {},
): CommitPlan {
  return {
    source: 'service',
    table: options.table ?? 'users',
    runId,
    expectedRows: options.rows ?? 20,
    partitionKeys: (options.partitionKeys ?? []).map((name) => ({
      name,
      column: name,
      granularity: 'value',
    })),
    columns: [],
  };
}

/** Writes the run's data files (their bytes are not read by the commit) and its manifests. */
async function writeRun(manifests: readonly PartResult[]): Promise<void> {
  for (const manifest of manifests) {
    for (const file of manifest.files) {
      await fauxqs.s3.send(new PutObjectCommand({ Bucket: bucket, Key: file.key, Body: 'PAR1' }));
    }
    await objectStore.putJson(
      bucket,
      manifestKey(manifest.source, manifest.table, manifest.runId, manifest.partIndex),
      manifest,
    );
  }
}

/** Two parts of `service.users` of 10 rows each, unpartitioned. */
async function writeUsersRun(runId: string, schema: readonly WrittenColumn[] = V1): Promise<void> {
  await writeRun([partResult(0, { runId, schema }), partResult(1, { runId, schema })]);
}

async function keys(prefix = ''): Promise<string[]> {
  return (await listAll(objectStore, bucket, prefix)).map((object) => object.key);
}

function commit(runId: string, options: { runsToKeep?: number; expectedParts?: number } = {}) {
  return commitTable(
    {
      plan: plan(runId),
      database: DB,
      curatedBucket: bucket,
      expectedParts: options.expectedParts ?? 2,
      runsToKeep: options.runsToKeep,
    },
    { objectStore, catalog },
  );
}

/** The Glue operations the commit sent, in order, by command name. */
function sentCommands(): string[] {
  return glue.calls().map((call) => (call.args[0] as object).constructor.name);
}

describe('commitTable, unpartitioned', () => {
  it('creates the table at the run prefix from the written schema, and its _latest view', async () => {
    // Arrange
    await writeUsersRun(RUN1);

    // Act
    const summary = await commit(RUN1);

    // Assert
    const table = {
      name: 'users',
      columns: [
        { name: 'id', type: 'int' },
        { name: 'email_hash', type: 'string' },
      ],
      partitionKeys: [],
      location: `s3://${bucket}/service/users/run=${RUN1}/`,
      parameters: { datalake_run_id: RUN1 },
    };
    expect(glue).toReceiveCommandWith(CreateTableCommand, {
      DatabaseName: DB,
      TableInput: glueTableInput(table),
    });
    expect(glue).toReceiveCommandWith(CreateTableCommand, {
      DatabaseName: DB,
      TableInput: glueViewInput(latestView(DB, 'users', table.columns, [])),
    });
    expect(summary).toMatchObject({
      table: 'service.users',
      runId: RUN1,
      rows: 20,
      files: 2,
      tableAction: 'created',
      partitions: { created: 0, updated: 0, deleted: 0 },
      deletedRuns: [],
    });
  });

  it('switches the table to a second run with a widened column in one UpdateTable', async () => {
    // Arrange
    await writeUsersRun(RUN1);
    await commit(RUN1);
    await writeUsersRun(RUN2, V2_WIDENED);
    glue.resetHistory();

    // Act
    const summary = await commit(RUN2);

    // Assert
    expect(glue).toReceiveCommandWith(UpdateTableCommand, {
      DatabaseName: DB,
      TableInput: glueTableInput({
        name: 'users',
        columns: [
          { name: 'id', type: 'bigint' },
          { name: 'email_hash', type: 'string' },
        ],
        partitionKeys: [],
        location: `s3://${bucket}/service/users/run=${RUN2}/`,
        parameters: {
          EXTERNAL: 'TRUE',
          classification: 'parquet',
          datalake_run_id: RUN2,
          datalake_previous_run_id: RUN1,
        },
      }),
    });
    expect(glue).not.toReceiveCommand(CreateTableCommand);
    expect(summary.tableAction).toBe('updated');
    expect(summary.schemaChanges.widened).toEqual([{ name: 'id', from: 'int', to: 'bigint' }]);
  });

  it('fails an incompatible change before any catalog write', async () => {
    // Arrange
    await writeUsersRun(RUN1, V2_WIDENED);
    await commit(RUN1);
    await writeUsersRun(RUN2, [{ name: 'id', duckdbType: 'VARCHAR' }, V1[1] as WrittenColumn]);
    glue.resetHistory();

    // Act
    const result = commit(RUN2);

    // Assert
    await expect(result).rejects.toThrow(SchemaEvolutionError);
    await expect(result).rejects.toThrow('id: catalog has bigint, run wrote string');
    expect(sentCommands()).toEqual(['GetTableCommand']);
    expect(state.tables.get('users')?.Parameters?.datalake_run_id).toBe(RUN1);
  });

  it('fails a missing manifest without touching the catalog', async () => {
    // Arrange
    await writeRun([partResult(0, { runId: RUN1 }), partResult(2, { runId: RUN1 })]);

    // Act
    const result = commit(RUN1, { expectedParts: 3 });

    // Assert
    await expect(result).rejects.toThrow(RowCountMismatchError);
    await expect(result).rejects.toThrow('1 of 3 part(s) have no manifest: 1');
    expect(glue.calls()).toHaveLength(0);
  });

  it('is idempotent: committing the same run again changes nothing and raises nothing', async () => {
    // Arrange
    await writeUsersRun(RUN1);
    await commit(RUN1);
    await writeUsersRun(RUN2, V2_WIDENED);
    await commit(RUN2);
    const tablesBefore = structuredClone([...state.tables]);
    const objectsBefore = await keys();
    glue.resetHistory();

    // Act
    const summary = await commit(RUN2);

    // Assert
    expect([...state.tables]).toEqual(tablesBefore);
    expect(await keys()).toEqual(objectsBefore);
    expect(glue).not.toReceiveCommandWith(UpdateTableCommand, {
      TableInput: expect.objectContaining({ Name: 'users' }),
    });
    expect(glue).not.toReceiveCommand(CreateTableCommand);
    expect(summary).toMatchObject({ tableAction: 'unchanged', deletedRuns: [] });
  });

  it('refuses a run older than the committed one, without a catalog write', async () => {
    // Arrange
    await writeUsersRun(RUN1);
    await writeUsersRun(RUN2);
    await commit(RUN2);
    glue.resetHistory();

    // Act / Assert
    await expect(commit(RUN1)).rejects.toThrow(StaleRunError);
    expect(sentCommands()).toEqual(['GetTableCommand']);
  });

  it('deletes the data and manifests of runs beyond the retention, keeping the current and previous runs', async () => {
    // Arrange
    for (const run of [RUN1, RUN2, RUN3]) await writeUsersRun(run);
    await commit(RUN1);
    await commit(RUN2);

    // Act
    const summary = await commit(RUN3, { runsToKeep: 1 });

    // Assert
    expect(summary.deletedRuns).toEqual([RUN1]);
    expect(summary.deletedObjects).toBe(4);
    expect(await keys()).toEqual([
      `_manifests/service/users/run=${RUN2}/part-00000.json`,
      `_manifests/service/users/run=${RUN2}/part-00001.json`,
      `_manifests/service/users/run=${RUN3}/part-00000.json`,
      `_manifests/service/users/run=${RUN3}/part-00001.json`,
      `service/users/run=${RUN2}/part-00000-000.parquet`,
      `service/users/run=${RUN2}/part-00001-000.parquet`,
      `service/users/run=${RUN3}/part-00000-000.parquet`,
      `service/users/run=${RUN3}/part-00001-000.parquet`,
    ]);
  });

  it("registers an empty table with no parts from the plan's column types", async () => {
    // Arrange
    const empty: CommitPlan = {
      ...plan(RUN1, { rows: 0 }),
      columns: [
        { output: 'id', duckdbType: 'BIGINT' },
        { output: 'price', duckdbType: 'DECIMAL(20,0)' },
      ],
    };

    // Act
    const summary = await commitTable(
      { plan: empty, database: DB, curatedBucket: bucket, expectedParts: 0 },
      { objectStore, catalog },
    );

    // Assert
    expect(summary).toMatchObject({ rows: 0, files: 0, tableAction: 'created' });
    expect(state.tables.get('users')?.StorageDescriptor?.Columns).toEqual([
      { Name: 'id', Type: 'bigint' },
      { Name: 'price', Type: 'decimal(20,0)' },
    ]);
  });

  it("leaves other tables' objects alone", async () => {
    // Arrange
    await writeRun([partResult(0, { table: 'users_archive', runId: RUN1 })]);
    for (const run of [RUN1, RUN2, RUN3]) await writeUsersRun(run);
    await commit(RUN2);

    // Act
    await commit(RUN3, { runsToKeep: 1 });

    // Assert
    expect(await keys('service/users_archive/')).toEqual([
      `service/users_archive/run=${RUN1}/part-00000-000.parquet`,
    ]);
    expect(await keys(`service/users/run=${RUN1}/`)).toEqual([]);
  });
});

describe('commitTable, partitioned', () => {
  const KEYS = ['month'];

  function itemsRun(runId: string, months: readonly string[]): PartResult[] {
    return [
      partResult(0, {
        table: 'items',
        runId,
        partitionKeys: KEYS,
        files: months.map((month) => ({ rows: 5, values: { month } })),
      }),
    ];
  }

  function commitItems(runId: string, rows: number) {
    return commitTable(
      {
        plan: plan(runId, { table: 'items', partitionKeys: KEYS, rows }),
        database: DB,
        curatedBucket: bucket,
        expectedParts: 1,
      },
      { objectStore, catalog },
    );
  }

  const location = (month: string, run: string) => `s3://${bucket}/service/items/month=${month}/run=${run}/`;

  it('creates the table at the table prefix and one partition per month at its run prefix', async () => {
    // Arrange
    await writeRun(itemsRun(RUN1, ['2026-09', '2026-10']));

    // Act
    await commitItems(RUN1, 10);

    // Assert
    expect(state.tables.get('items')?.StorageDescriptor?.Location).toBe(`s3://${bucket}/service/items/`);
    expect(state.tables.get('items')?.PartitionKeys).toEqual([{ Name: 'month', Type: 'string' }]);
    expect(glue).toReceiveCommandTimes(BatchCreatePartitionCommand, 1);
    expect(
      [...state.partitions.values()].map((partition) => [
        partition.Values,
        partition.StorageDescriptor?.Location,
      ]),
    ).toEqual([
      [['2026-09'], location('2026-09', RUN1)],
      [['2026-10'], location('2026-10', RUN1)],
    ]);
  });

  it('switches partitions to the new run: creates new months, repoints kept ones, deletes gone ones', async () => {
    // Arrange
    await writeRun(itemsRun(RUN1, ['2026-09', '2026-10']));
    await commitItems(RUN1, 10);
    await writeRun(itemsRun(RUN2, ['2026-10', '2026-11']));
    glue.resetHistory();

    // Act
    const summary = await commitItems(RUN2, 10);

    // Assert
    expect(summary.partitions).toEqual({ created: 1, updated: 1, deleted: 1 });
    expect(glue).toReceiveCommandWith(BatchUpdatePartitionCommand, {
      DatabaseName: DB,
      TableName: 'items',
      Entries: [
        {
          PartitionValueList: ['2026-10'],
          PartitionInput: expect.objectContaining({
            Values: ['2026-10'],
            StorageDescriptor: expect.objectContaining({ Location: location('2026-10', RUN2) }),
          }),
        },
      ],
    });
    expect(glue).toReceiveCommandWith(BatchDeletePartitionCommand, {
      DatabaseName: DB,
      TableName: 'items',
      PartitionsToDelete: [{ Values: ['2026-09'] }],
    });
    expect(
      [...state.partitions.values()]
        .map((partition) => [partition.Values?.[0], partition.StorageDescriptor?.Location])
        .sort(),
    ).toEqual([
      ['2026-10', location('2026-10', RUN2)],
      ['2026-11', location('2026-11', RUN2)],
    ]);
  });

  it('changes no partition when the same run is committed again', async () => {
    // Arrange
    await writeRun(itemsRun(RUN1, ['2026-09', '2026-10']));
    await commitItems(RUN1, 10);
    glue.resetHistory();

    // Act
    const summary = await commitItems(RUN1, 10);

    // Assert
    expect(summary.partitions).toEqual({ created: 0, updated: 0, deleted: 0 });
    expect(glue).not.toReceiveCommand(BatchCreatePartitionCommand);
    expect(glue).not.toReceiveCommand(BatchUpdatePartitionCommand);
    expect(glue).not.toReceiveCommand(BatchDeletePartitionCommand);
  });

  it('refuses a row count that differs from the plan before reading the catalog', async () => {
    // Arrange
    await writeRun(itemsRun(RUN1, ['2026-09', '2026-10']));

    // Act / Assert
    await expect(commitItems(RUN1, 11)).rejects.toThrow('wrote 10 rows; expected 11');
    expect(glue.calls()).toHaveLength(0);
  });
});

describe('commitTable, incremental', () => {
  const SCHEMA: readonly WrittenColumn[] = [
    { name: 'id', duckdbType: 'INTEGER' },
    { name: 'updated_at', duckdbType: 'TIMESTAMP' },
    { name: 'email_hash', duckdbType: 'VARCHAR' },
  ];
  const COLUMNS = [
    { name: 'id', type: 'int' },
    { name: 'updated_at', type: 'timestamp' },
    { name: 'email_hash', type: 'string' },
  ];

  /** RUN1 is the first load (two parts, 20 rows); RUN2 a delta of 3 rows in one part. */
  async function writeDeltas(): Promise<void> {
    await writeRun([
      partResult(0, { runId: RUN1, schema: SCHEMA }),
      partResult(1, { runId: RUN1, schema: SCHEMA }),
      partResult(0, { runId: RUN2, schema: SCHEMA, files: [{ rows: 3 }] }),
    ]);
  }

  function commitDelta(
    runId: string,
    rows: number,
    options: { primaryKey?: string[]; expectedParts?: number } = {},
  ) {
    return commitTable(
      {
        plan: {
          ...plan(runId, { rows }),
          mode: 'incremental',
          watermarkColumn: 'updated_at',
          ...(options.primaryKey === undefined ? {} : { primaryKey: options.primaryKey }),
        },
        database: DB,
        curatedBucket: bucket,
        expectedParts: options.expectedParts ?? (runId === RUN1 ? 2 : 1),
        runsToKeep: 1,
      },
      { objectStore, catalog },
    );
  }

  const runLocation = (run: string) => `s3://${bucket}/service/users/run=${run}/`;
  const table = (run: string) => ({
    name: 'users',
    columns: COLUMNS,
    partitionKeys: ['run'],
    location: `s3://${bucket}/service/users/`,
    parameters: { datalake_run_id: run },
  });

  it('creates the table at the table prefix with a run partition key, and the first run as a partition', async () => {
    // Arrange
    await writeDeltas();

    // Act
    await commitDelta(RUN1, 20, { primaryKey: ['id'] });

    // Assert
    expect(glue).toReceiveCommandWith(CreateTableCommand, {
      DatabaseName: DB,
      TableInput: glueTableInput(table(RUN1)),
    });
    expect(glue).toReceiveCommandWith(BatchCreatePartitionCommand, {
      DatabaseName: DB,
      TableName: 'users',
      PartitionInputList: [gluePartitionInput(table(RUN1), { values: [RUN1], location: runLocation(RUN1) })],
    });
  });

  it('adds the second run as its own partition and deletes or repoints none', async () => {
    // Arrange
    await writeDeltas();
    await commitDelta(RUN1, 20, { primaryKey: ['id'] });
    glue.resetHistory();

    // Act
    const summary = await commitDelta(RUN2, 3, { primaryKey: ['id'] });

    // Assert
    expect(glue).toReceiveCommandWith(BatchCreatePartitionCommand, {
      DatabaseName: DB,
      TableName: 'users',
      PartitionInputList: [gluePartitionInput(table(RUN2), { values: [RUN2], location: runLocation(RUN2) })],
    });
    expect(glue).not.toReceiveCommand(BatchUpdatePartitionCommand);
    expect(glue).not.toReceiveCommand(BatchDeletePartitionCommand);
    expect(summary.partitions).toEqual({ created: 1, updated: 0, deleted: 0 });
    expect(
      [...state.partitions.values()].map((partition) => [
        partition.Values,
        partition.StorageDescriptor?.Location,
      ]),
    ).toEqual([
      [[RUN1], runLocation(RUN1)],
      [[RUN2], runLocation(RUN2)],
    ]);
  });

  it('deletes no run beyond runsToKeep 1 (a snapshot would delete RUN1 here): every delta stays in S3', async () => {
    // Arrange
    await writeDeltas();
    await writeRun([partResult(0, { runId: RUN3, schema: SCHEMA, files: [{ rows: 2 }] })]);
    await commitDelta(RUN1, 20, { primaryKey: ['id'] });
    await commitDelta(RUN2, 3, { primaryKey: ['id'] });
    const objectsBefore = await keys();

    // Act
    const summary = await commitDelta(RUN3, 2, { primaryKey: ['id'] });

    // Assert
    expect([summary.deletedRuns, summary.deletedObjects]).toEqual([[], 0]);
    expect(await keys()).toEqual(objectsBefore);
    expect(objectsBefore.filter((key) => key.includes(`run=${RUN1}/`))).toHaveLength(4);
  });

  it("checks the run's own manifests against the run's expected rows, not the table's total", async () => {
    // Arrange
    await writeDeltas();
    await commitDelta(RUN1, 20, { primaryKey: ['id'] });

    // Act / Assert
    await expect(commitDelta(RUN2, 23, { primaryKey: ['id'] })).rejects.toThrow('wrote 3 rows; expected 23');
    await expect(commitDelta(RUN2, 3, { primaryKey: ['id'] })).resolves.toMatchObject({ rows: 3 });
  });

  it('keeps a _latest view that dedupes by the primary key, newest watermark then run first', async () => {
    // Arrange
    await writeDeltas();
    await commitDelta(RUN1, 20, { primaryKey: ['id'] });
    glue.resetHistory();

    // Act
    const summary = await commitDelta(RUN2, 3, { primaryKey: ['id'] });

    // Assert
    const view = glue
      .commandCalls(UpdateTableCommand)
      .map((call) => call.args[0].input.TableInput)
      .find((input) => input?.Name === 'users_latest');
    const encoded = /^\/\* Presto View: (.+) \*\/$/.exec(view?.ViewOriginalText ?? '')?.[1] ?? '';
    expect(JSON.parse(Buffer.from(encoded, 'base64').toString('utf8')).originalSql).toBe(
      `SELECT "id", "updated_at", "email_hash", "run" FROM (SELECT *, row_number() OVER (PARTITION BY "id" ORDER BY "updated_at" DESC NULLS LAST, "run" DESC NULLS LAST) AS "datalake_version" FROM "${DB}"."users") AS "versions" WHERE "datalake_version" = 1`,
    );
    expect(summary.warnings).toEqual([]);
  });

  it('without a primary key, keeps _latest equal to the table and warns in the summary', async () => {
    // Arrange
    await writeDeltas();

    // Act
    const summary = await commitDelta(RUN1, 20);

    // Assert
    expect(glue).toReceiveCommandWith(CreateTableCommand, {
      DatabaseName: DB,
      TableInput: glueViewInput(latestView(DB, 'users', COLUMNS, ['run'])),
    });
    expect(summary.warnings).toEqual([
      'service.users is incremental but its primary key is unknown: users_latest shows every version of every row of every run, not the newest per key',
    ]);
  });
});
