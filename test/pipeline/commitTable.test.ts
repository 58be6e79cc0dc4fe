import {
  BatchCreatePartitionCommand,
  BatchDeletePartitionCommand,
  BatchUpdatePartitionCommand,
  CreateTableCommand,
  DeleteTableCommand,
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
import {
  type CatalogColumn,
  curatedView,
  gluePartitionInput,
  glueTableInput,
  glueViewInput,
} from '../../lib/core/commit';
import {
  RowCountMismatchError,
  SchemaEvolutionError,
  StaleRunError,
  StaleWindowError,
} from '../../lib/core/errors';
import {
  manifestKey,
  type PartResult,
  type PlannedWindow,
  type WrittenColumn,
} from '../../lib/core/pipeline';
import { committedAsOf } from '../../lib/core/status';
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

/** The catalog as a reader finds it between two Glue calls. */
interface GlueState {
  readonly tables: Map<string, TableInput>;
  readonly partitions: Map<string, PartitionInput>;
}

/**
 * Glue answered from memory: the tables and partitions the commit created, so a second commit
 * reads what the first wrote. Every request is still recorded by aws-sdk-client-mock, and the
 * catalog after every call that changes it is kept in `states`, for what a reader could see.
 */
function fakeGlue() {
  const tables = new Map<string, TableInput>();
  const partitions = new Map<string, PartitionInput>();
  const states: GlueState[] = [];
  const record = () =>
    states.push({ tables: structuredClone(tables), partitions: structuredClone(partitions) });
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
    record();
    return {};
  });
  glue.on(UpdateTableCommand).callsFake((input: { TableInput: TableInput }) => {
    if (!tables.has(input.TableInput.Name ?? '')) throw notFound(`table ${input.TableInput.Name}`);
    tables.set(input.TableInput.Name ?? '', structuredClone(input.TableInput));
    record();
    return {};
  });
  glue.on(DeleteTableCommand).callsFake((input: { Name: string }) => {
    if (!tables.delete(input.Name)) throw notFound(`table ${input.Name}`);
    for (const id of [...partitions.keys()]) if (id.startsWith(`${input.Name}|`)) partitions.delete(id);
    record();
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
      record();
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
        record();
        return {};
      },
    );
  glue
    .on(BatchDeletePartitionCommand)
    .callsFake((input: { TableName: string; PartitionsToDelete: { Values: string[] }[] }) => {
      for (const partition of input.PartitionsToDelete)
        partitions.delete(partitionId(input.TableName, partition.Values));
      record();
      return {};
    });
  return { tables, partitions, states };
}

/** The Trino SQL of a Presto view as Athena decodes it. */
function viewSql(view: TableInput): string {
  const encoded = /^\/\* Presto View: (.+) \*\/$/.exec(view.ViewOriginalText ?? '')?.[1] ?? '';
  return (JSON.parse(Buffer.from(encoded, 'base64').toString('utf8')) as { originalSql: string }).originalSql;
}

/**
 * The data locations an Athena query of `name` reads in `state`, sorted: a table's partitions
 * (or its location), or, for a view, those of the table its SQL selects from, bounded by its
 * `run <= '…'` filter. `undefined` when `name` does not exist (the query fails: nothing is read).
 */
function readerLocations(state: GlueState, name: string): string[] | undefined {
  const entry = state.tables.get(name);
  if (entry === undefined) return undefined;
  let source: TableInput | undefined = entry;
  let upTo: string | undefined;
  if (entry.TableType === 'VIRTUAL_VIEW') {
    const from = /FROM "[^"]+"\."([^"]+)"(?: WHERE "run" <= '([^']+)')?/.exec(viewSql(entry));
    source = state.tables.get(from?.[1] ?? '');
    upTo = from?.[2];
  }
  if (source === undefined) throw new Error(`${name} selects from a table that does not exist`);
  if ((source.PartitionKeys ?? []).length === 0) return [source.StorageDescriptor?.Location ?? ''];
  return [...state.partitions.entries()]
    .filter(([id]) => id.startsWith(`${source.Name}|`))
    .map(([, partition]) => partition)
    .filter((partition) => upTo === undefined || (partition.Values?.at(-1) ?? '') <= upTo)
    .map((partition) => partition.StorageDescriptor?.Location ?? '')
    .sort();
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

const COLUMNS_V1: CatalogColumn[] = [
  { name: 'id', type: 'int' },
  { name: 'email_hash', type: 'string' },
];
const runTable = (table: string, runId: string) => `${table}__run_${runId.toLowerCase()}`;

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
  it('creates the run table at the run prefix from the written schema, the view over it, and its _latest view', async () => {
    // Arrange
    await writeUsersRun(RUN1);

    // Act
    const summary = await commit(RUN1);

    // Assert
    const table = {
      name: runTable('users', RUN1),
      columns: COLUMNS_V1,
      partitionKeys: [],
      location: `s3://${bucket}/service/users/run=${RUN1}/`,
      parameters: {},
    };
    const view = { database: DB, from: table.name, columns: COLUMNS_V1, partitionKeys: [] };
    expect(glue).toReceiveCommandWith(CreateTableCommand, {
      DatabaseName: DB,
      TableInput: glueTableInput(table),
    });
    expect(glue).toReceiveCommandWith(CreateTableCommand, {
      DatabaseName: DB,
      TableInput: glueViewInput(
        curatedView({ ...view, name: 'users', parameters: { datalake_run_id: RUN1 } }),
      ),
    });
    expect(glue).toReceiveCommandWith(CreateTableCommand, {
      DatabaseName: DB,
      TableInput: glueViewInput(curatedView({ ...view, name: 'users_latest' })),
    });
    expect(summary).toMatchObject({
      table: 'service.users',
      runId: RUN1,
      rows: 20,
      files: 2,
      tableAction: 'created',
      partitions: { created: 0, deleted: 0 },
      deletedRuns: [],
    });
  });

  it('records the exported snapshot’s creation time in the view, what datalake status measures freshness from', async () => {
    // Arrange
    await writeUsersRun(RUN1);
    const snapshotTime = '2026-11-22T03:10:41.000Z';

    // Act
    await commitTable(
      { plan: { ...plan(RUN1), snapshotTime }, database: DB, curatedBucket: bucket, expectedParts: 2 },
      { objectStore, catalog },
    );

    // Assert
    const parameters = { datalake_run_id: RUN1, datalake_snapshot_time: snapshotTime };
    expect(glue).toReceiveCommandWith(CreateTableCommand, {
      DatabaseName: DB,
      TableInput: glueViewInput(
        curatedView({
          database: DB,
          name: 'users',
          from: runTable('users', RUN1),
          columns: COLUMNS_V1,
          partitionKeys: [],
          parameters,
        }),
      ),
    });
    expect(committedAsOf(parameters)?.asOf).toEqual(new Date(snapshotTime));
  });

  it('switches readers to a second run with a widened column in one UpdateTable of the view', async () => {
    // Arrange
    await writeUsersRun(RUN1);
    await commit(RUN1);
    await writeUsersRun(RUN2, V2_WIDENED);
    glue.resetHistory();

    // Act
    const summary = await commit(RUN2);

    // Assert
    const columns = [
      { name: 'id', type: 'bigint' },
      { name: 'email_hash', type: 'string' },
    ];
    expect(glue).toReceiveCommandWith(CreateTableCommand, {
      DatabaseName: DB,
      TableInput: glueTableInput({
        name: runTable('users', RUN2),
        columns,
        partitionKeys: [],
        location: `s3://${bucket}/service/users/run=${RUN2}/`,
        parameters: {},
      }),
    });
    expect(glue).toReceiveCommandWith(UpdateTableCommand, {
      DatabaseName: DB,
      TableInput: glueViewInput(
        curatedView({
          database: DB,
          name: 'users',
          from: runTable('users', RUN2),
          columns,
          partitionKeys: [],
          parameters: { datalake_run_id: RUN2, datalake_previous_run_id: RUN1 },
        }),
      ),
      SkipArchive: true,
    });
    expect(glue).not.toReceiveCommandWith(UpdateTableCommand, {
      TableInput: expect.objectContaining({ TableType: 'EXTERNAL_TABLE' }),
    });
    expect(summary.tableAction).toBe('created');
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
    expect(sentCommands()).toEqual(['GetTableCommand', 'GetTableCommand', 'GetTableCommand']);
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
    expect(glue).not.toReceiveCommand(DeleteTableCommand);
    expect(summary).toMatchObject({ tableAction: 'unchanged', deletedRuns: [] });
  });

  it('refuses a run older than the one readers see, without a catalog write', async () => {
    // Arrange
    await writeUsersRun(RUN1);
    await writeUsersRun(RUN2);
    await commit(RUN2);
    glue.resetHistory();

    // Act / Assert
    await expect(commit(RUN1)).rejects.toThrow(StaleRunError);
    expect(sentCommands()).toEqual(['GetTableCommand']);
  });

  it("deletes the tables, data and manifests of runs beyond the retention, keeping the view's current and previous runs", async () => {
    // Arrange
    for (const run of [RUN1, RUN2, RUN3]) await writeUsersRun(run);
    await commit(RUN1);
    await commit(RUN2);

    // Act
    const summary = await commit(RUN3, { runsToKeep: 1 });

    // Assert
    expect(summary.deletedRuns).toEqual([RUN1]);
    expect(summary.deletedObjects).toBe(4);
    expect(glue).toReceiveCommandWith(DeleteTableCommand, {
      DatabaseName: DB,
      Name: runTable('users', RUN1),
    });
    expect([...state.tables.keys()].sort()).toEqual([
      'users',
      runTable('users', RUN2),
      runTable('users', RUN3),
      'users_latest',
    ]);
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
    expect(state.tables.get(runTable('users', RUN1))?.StorageDescriptor?.Columns).toEqual([
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

  it('replaces a table an earlier version of the lake committed by the view, keeping its run as the previous one', async () => {
    // Arrange: `users` as the lake registered it before views (the table itself at the run prefix)
    await writeUsersRun(RUN1);
    await writeUsersRun(RUN2);
    state.tables.set(
      'users',
      glueTableInput({
        name: 'users',
        columns: COLUMNS_V1,
        partitionKeys: [],
        location: `s3://${bucket}/service/users/run=${RUN1}/`,
        parameters: { datalake_run_id: RUN1 },
      }),
    );

    // Act
    const summary = await commit(RUN2, { runsToKeep: 1 });

    // Assert
    expect(glue).toReceiveCommandWith(DeleteTableCommand, { DatabaseName: DB, Name: 'users' });
    expect(state.tables.get('users')?.TableType).toBe('VIRTUAL_VIEW');
    expect(state.tables.get('users')?.Parameters).toMatchObject({
      datalake_run_id: RUN2,
      datalake_previous_run_id: RUN1,
    });
    expect(summary.deletedRuns).toEqual([]);
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
  const partitionsOf = (table: string) =>
    [...state.partitions.entries()]
      .filter(([id]) => id.startsWith(`${table}|`))
      .map(([, partition]) => [partition.Values, partition.StorageDescriptor?.Location]);

  it("creates the run's table at the table prefix and one partition per month at its run prefix", async () => {
    // Arrange
    await writeRun(itemsRun(RUN1, ['2026-09', '2026-10']));

    // Act
    await commitItems(RUN1, 10);

    // Assert
    const table = state.tables.get(runTable('items', RUN1));
    expect(table?.StorageDescriptor?.Location).toBe(`s3://${bucket}/service/items/`);
    expect(table?.PartitionKeys).toEqual([{ Name: 'month', Type: 'string' }]);
    expect(glue).toReceiveCommandTimes(BatchCreatePartitionCommand, 1);
    expect(partitionsOf(runTable('items', RUN1))).toEqual([
      [['2026-09'], location('2026-09', RUN1)],
      [['2026-10'], location('2026-10', RUN1)],
    ]);
    expect(readerLocations(state, 'items')).toEqual([location('2026-09', RUN1), location('2026-10', RUN1)]);
  });

  it("switches readers to the new run's months: no partition is repointed or deleted", async () => {
    // Arrange
    await writeRun(itemsRun(RUN1, ['2026-09', '2026-10']));
    await commitItems(RUN1, 10);
    await writeRun(itemsRun(RUN2, ['2026-10', '2026-11']));
    glue.resetHistory();

    // Act
    const summary = await commitItems(RUN2, 10);

    // Assert
    expect(summary.partitions).toEqual({ created: 2, deleted: 0 });
    expect(glue).not.toReceiveCommand(BatchUpdatePartitionCommand);
    expect(glue).not.toReceiveCommand(BatchDeletePartitionCommand);
    expect(glue).toReceiveCommandWith(BatchCreatePartitionCommand, {
      DatabaseName: DB,
      TableName: runTable('items', RUN2),
      PartitionInputList: [
        expect.objectContaining({ Values: ['2026-10'] }),
        expect.objectContaining({ Values: ['2026-11'] }),
      ],
    });
    expect(readerLocations(state, 'items')).toEqual([location('2026-10', RUN2), location('2026-11', RUN2)]);
  });

  it('changes no partition when the same run is committed again', async () => {
    // Arrange
    await writeRun(itemsRun(RUN1, ['2026-09', '2026-10']));
    await commitItems(RUN1, 10);
    glue.resetHistory();

    // Act
    const summary = await commitItems(RUN1, 10);

    // Assert
    expect(summary.partitions).toEqual({ created: 0, deleted: 0 });
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

  it('never shows a reader two runs mixed while a 150-partition table switches (Glue takes 100 partitions per call)', async () => {
    // Arrange: RUN1 has months m000..m149, RUN2 m030..m179 (120 shared, 30 gone, 30 new)
    const months = (from: number, count: number) =>
      Array.from({ length: count }, (_, index) => `m${String(from + index).padStart(3, '0')}`);
    await writeRun(itemsRun(RUN1, months(0, 150)));
    await writeRun(itemsRun(RUN2, months(30, 150)));
    const whole = (run: string, list: string[]) => list.map((month) => location(month, run)).sort();
    const run1 = whole(RUN1, months(0, 150));
    const run2 = whole(RUN2, months(30, 150));
    await commitItems(RUN1, 750);
    state.states.length = 0;

    // Act
    await commitItems(RUN2, 750);

    // Assert: after every Glue call, `items` reads all of RUN1 or all of RUN2
    expect(state.states.length).toBeGreaterThan(3);
    for (const [index, seen] of state.states.map((each) => readerLocations(each, 'items')).entries()) {
      expect([
        index,
        seen === undefined || [run1, run2].some((run) => JSON.stringify(run) === JSON.stringify(seen)),
      ]).toEqual([index, true]);
    }
    expect(readerLocations(state, 'items')).toEqual(run2);
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
    options: {
      primaryKey?: string[];
      expectedParts?: number;
      partitionKeys?: string[];
      window?: PlannedWindow;
    } = {},
  ) {
    return commitTable(
      {
        plan: {
          ...plan(runId, {
            rows,
            ...(options.partitionKeys ? { partitionKeys: options.partitionKeys } : {}),
          }),
          mode: 'incremental',
          watermarkColumn: 'updated_at',
          ...(options.primaryKey === undefined ? {} : { primaryKey: options.primaryKey }),
          ...(options.window === undefined ? {} : { window: options.window }),
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
  const deltasTable = () => ({
    name: 'users__deltas',
    columns: COLUMNS,
    partitionKeys: ['run'],
    location: `s3://${bucket}/service/users/`,
    parameters: {},
  });

  it('creates the deltas table at the table prefix with a run partition key, the first run as a partition, and the view up to it', async () => {
    // Arrange
    await writeDeltas();

    // Act
    await commitDelta(RUN1, 20, { primaryKey: ['id'] });

    // Assert
    expect(glue).toReceiveCommandWith(CreateTableCommand, {
      DatabaseName: DB,
      TableInput: glueTableInput(deltasTable()),
    });
    expect(glue).toReceiveCommandWith(BatchCreatePartitionCommand, {
      DatabaseName: DB,
      TableName: 'users__deltas',
      PartitionInputList: [
        gluePartitionInput(deltasTable(), { values: [RUN1], location: runLocation(RUN1) }),
      ],
    });
    expect(glue).toReceiveCommandWith(CreateTableCommand, {
      DatabaseName: DB,
      TableInput: glueViewInput(
        curatedView({
          database: DB,
          name: 'users',
          from: 'users__deltas',
          columns: COLUMNS,
          partitionKeys: ['run'],
          runsUpTo: RUN1,
          parameters: { datalake_run_id: RUN1 },
        }),
      ),
    });
  });

  it('adds the second run as its own partition, deletes or repoints none, and moves the view up to it', async () => {
    // Arrange
    await writeDeltas();
    await commitDelta(RUN1, 20, { primaryKey: ['id'] });
    glue.resetHistory();

    // Act
    const summary = await commitDelta(RUN2, 3, { primaryKey: ['id'] });

    // Assert
    expect(glue).toReceiveCommandWith(BatchCreatePartitionCommand, {
      DatabaseName: DB,
      TableName: 'users__deltas',
      PartitionInputList: [
        gluePartitionInput(deltasTable(), { values: [RUN2], location: runLocation(RUN2) }),
      ],
    });
    expect(glue).not.toReceiveCommand(BatchUpdatePartitionCommand);
    expect(glue).not.toReceiveCommand(BatchDeletePartitionCommand);
    expect(summary.partitions).toEqual({ created: 1, deleted: 0 });
    expect(readerLocations(state, 'users')).toEqual([runLocation(RUN1), runLocation(RUN2)]);
  });

  it("records the window's end in the same UpdateTable that moves the view to the run", async () => {
    // Arrange
    await writeDeltas();
    await commitDelta(RUN1, 20, { window: { through: '2026-11-01 02:59:00.000000' } });
    glue.resetHistory();

    // Act
    await commitDelta(RUN2, 3, { window: { through: '2026-11-02 02:59:00.000000', afterRun: RUN1 } });

    // Assert: one call switches the rows readers see and the watermark the next run starts from
    const switches = glue
      .commandCalls(UpdateTableCommand)
      .map((call) => call.args[0].input.TableInput)
      .filter((input) => input?.Name === 'users');
    expect(switches).toEqual([
      glueViewInput(
        curatedView({
          database: DB,
          name: 'users',
          from: 'users__deltas',
          columns: COLUMNS,
          partitionKeys: ['run'],
          runsUpTo: RUN2,
          parameters: {
            datalake_run_id: RUN2,
            datalake_previous_run_id: RUN1,
            datalake_watermark: '2026-11-02 02:59:00.000000',
          },
        }),
      ),
    ]);
  });

  it('refuses a run planned after a run that is no longer the committed one, before any catalog write', async () => {
    // Arrange: RUN3 was planned when RUN1 was committed; RUN2 has been committed since
    await writeDeltas();
    await writeRun([partResult(0, { runId: RUN3, schema: SCHEMA, files: [{ rows: 2 }] })]);
    await commitDelta(RUN1, 20, { window: { through: 'w1' } });
    await commitDelta(RUN2, 3, { window: { through: 'w2', afterRun: RUN1 } });
    glue.resetHistory();

    // Act
    const attempt = commitDelta(RUN3, 2, { window: { through: 'w3', afterRun: RUN1 } });

    // Assert
    await expect(attempt).rejects.toThrow(StaleWindowError);
    await expect(attempt).rejects.toThrow(
      `Table service.users: run ${RUN3} was planned after run ${RUN1}, but run ${RUN2} is committed now`,
    );
    const sent = glue.calls().map((call) => call.args[0].constructor.name);
    expect(sent.filter((name) => !name.startsWith('Get'))).toEqual([]);
    expect(sent).toContain('GetTableCommand');
  });

  it('commits the committed run again as a no-op, though its window follows the run before it', async () => {
    // Arrange
    await writeDeltas();
    await commitDelta(RUN1, 20, { window: { through: 'w1' } });
    await commitDelta(RUN2, 3, { window: { through: 'w2', afterRun: RUN1 } });

    // Act
    const again = await commitDelta(RUN2, 3, { window: { through: 'w2', afterRun: RUN1 } });

    // Assert
    expect([again.tableAction, again.partitions]).toEqual(['unchanged', { created: 0, deleted: 0 }]);
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

  it('keeps a _latest view that dedupes the committed runs by the primary key, newest watermark then run first', async () => {
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
    expect(viewSql(view ?? { Name: 'users_latest' })).toBe(
      `SELECT "id", "updated_at", "email_hash", "run" FROM (SELECT *, row_number() OVER (PARTITION BY "id" ORDER BY "updated_at" DESC NULLS LAST, "run" DESC NULLS LAST) AS "datalake_version" FROM "${DB}"."users__deltas" WHERE "run" <= '${RUN2}') AS "versions" WHERE "datalake_version" = 1`,
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
      TableInput: glueViewInput(
        curatedView({
          database: DB,
          name: 'users_latest',
          from: 'users__deltas',
          columns: COLUMNS,
          partitionKeys: ['run'],
          runsUpTo: RUN1,
        }),
      ),
    });
    expect(summary.warnings).toEqual([
      'service.users is incremental but its primary key is unknown: users_latest shows every version of every row of every run, not the newest per key',
    ]);
  });

  it('never shows a reader a 150-partition run half registered', async () => {
    // Arrange: two runs of 150 days each
    const days = () =>
      Array.from({ length: 150 }, (_, index) => ({
        rows: 1,
        values: { day: `d${String(index).padStart(3, '0')}` },
      }));
    await writeRun([partResult(0, { runId: RUN1, schema: SCHEMA, partitionKeys: ['day'], files: days() })]);
    await writeRun([partResult(0, { runId: RUN2, schema: SCHEMA, partitionKeys: ['day'], files: days() })]);
    const whole = (run: string) =>
      days().map((file) => `s3://${bucket}/service/users/day=${file.values.day}/run=${run}/`);
    const committed = [[], whole(RUN1), [...whole(RUN1), ...whole(RUN2)].sort()].map((each) =>
      JSON.stringify(each),
    );

    // Act
    await commitDelta(RUN1, 150, { partitionKeys: ['day'], expectedParts: 1 });
    await commitDelta(RUN2, 150, { partitionKeys: ['day'], expectedParts: 1 });

    // Assert: after every Glue call, `users` reads no run, RUN1 whole, or RUN1 and RUN2 whole
    for (const [index, seen] of state.states.map((each) => readerLocations(each, 'users')).entries()) {
      expect([index, seen === undefined || committed.includes(JSON.stringify(seen))]).toEqual([index, true]);
    }
  });

  it("removes an uncommitted run's partitions before the view's bound passes them", async () => {
    // Arrange: RUN2's commit registered its partition, then failed before the switch
    await writeDeltas();
    await writeRun([partResult(0, { runId: RUN3, schema: SCHEMA, files: [{ rows: 4 }] })]);
    await commitDelta(RUN1, 20, { primaryKey: ['id'] });
    state.partitions.set(
      `users__deltas|${JSON.stringify([RUN2])}`,
      gluePartitionInput(deltasTable(), { values: [RUN2], location: runLocation(RUN2) }),
    );
    glue.resetHistory();

    // Act
    const summary = await commitDelta(RUN3, 4, { primaryKey: ['id'] });

    // Assert
    expect(glue).toReceiveCommandWith(BatchDeletePartitionCommand, {
      DatabaseName: DB,
      TableName: 'users__deltas',
      PartitionsToDelete: [{ Values: [RUN2] }],
    });
    expect(summary.partitions).toEqual({ created: 1, deleted: 1 });
    expect(readerLocations(state, 'users')).toEqual([runLocation(RUN1), runLocation(RUN3)]);
  });

  it('carries a table an earlier version committed over into the deltas table, its committed runs only', async () => {
    // Arrange: `users` as the lake registered it before views, with RUN1 committed and RUN2 abandoned
    await writeDeltas();
    await writeRun([partResult(0, { runId: RUN3, schema: SCHEMA, files: [{ rows: 4 }] })]);
    const legacy = { ...deltasTable(), name: 'users', parameters: { datalake_run_id: RUN1 } };
    state.tables.set('users', glueTableInput(legacy));
    for (const run of [RUN1, RUN2]) {
      state.partitions.set(
        `users|${JSON.stringify([run])}`,
        gluePartitionInput(legacy, { values: [run], location: runLocation(run) }),
      );
    }

    // Act
    await commitDelta(RUN3, 4, { primaryKey: ['id'] });

    // Assert
    expect(glue).toReceiveCommandWith(DeleteTableCommand, { DatabaseName: DB, Name: 'users' });
    expect(state.tables.get('users')?.TableType).toBe('VIRTUAL_VIEW');
    expect(readerLocations(state, 'users')).toEqual([runLocation(RUN1), runLocation(RUN3)]);
  });
});
