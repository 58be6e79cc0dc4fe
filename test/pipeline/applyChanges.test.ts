/**
 * applyChanges then commitTable on real parts: DMS-format change files (written by DuckDB, laid
 * out as DMS's S3 target lays them out, CDC files in DatePartitionEnabled date folders) in a local
 * object store, DuckDB for the apply, the local DuckDB catalog for the commit, and `<table>_latest`
 * read back value by value after each step.
 */
import { createHmac } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DuckDBInstance } from '@duckdb/node-api';
import { changePositionKey } from '../../lib/core/cdc';
import { RUN_ID_PARAMETER } from '../../lib/core/commit';
import type { TablePlan } from '../../lib/core/pipeline';
import { quoteLiteral } from '../../lib/core/transform';
import { openDuckdb, queryRows, withConnection } from '../../lib/duckdb';
import { attachCatalog } from '../../lib/local/attachCatalog';
import { DuckdbCatalog } from '../../lib/local/DuckdbCatalog';
import { FileObjectStore } from '../../lib/local/FileObjectStore';
import { type AppliedChanges, applyChanges } from '../../lib/pipeline/applyChanges';
import { commitTable } from '../../lib/pipeline/commitTable';
import { plannedColumn, tablePlan } from '../helpers/tablePlanFactory';

const SALT = 'cdc-pipeline-salt';
const DB = 'lake_shop';
const RAW = 'raw';
const CURATED = 'curated';
const FOLDER = 'dms/shop/items/';
const hmac = (text: string) => createHmac('sha256', SALT).update(text, 'utf8').digest('hex');
const text = { athenaType: 'string', duckdbType: 'VARCHAR' };

/** `shop.items`, partitioned by its own `category` value, its email hashed; `note` once it is added. */
function plan(runId: string, withNote = false): TablePlan {
  return tablePlan(
    [
      plannedColumn(
        'id',
        { dataType: 'int', columnType: 'int(11)' },
        { athenaType: 'int', duckdbType: 'INTEGER' },
      ),
      plannedColumn('title', { dataType: 'varchar', columnType: 'varchar(100)' }, text),
      plannedColumn('category', { dataType: 'varchar', columnType: 'varchar(20)' }, text),
      plannedColumn('email', { dataType: 'varchar', columnType: 'varchar(255)' }, text, {
        output: 'email_hash',
        mask: { kind: 'hash' },
      }),
      ...(withNote ? [plannedColumn('note', { dataType: 'varchar', columnType: 'varchar(20)' }, text)] : []),
    ],
    {
      source: 'shop',
      ...(withNote ? { includedNewColumns: ['note'] } : {}),
      schema: 'shop',
      table: 'items',
      runId,
      primaryKey: ['id'],
      partitionKeys: [{ name: 'category', column: 'category', granularity: 'value' }],
    },
  );
}

let root: string;
let objectStore: FileObjectStore;
let duckdb: DuckDBInstance;

beforeAll(async () => {
  duckdb = await openDuckdb({ threads: 1 });
});
afterAll(() => duckdb.closeSync());
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'apply-changes-'));
  objectStore = new FileObjectStore(join(root, 'buckets'));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

type Row = [
  op: 'I' | 'U' | 'D' | undefined,
  id: number,
  title: string,
  category: string,
  email: string | null,
  beforeId?: number,
];

/** Writes a DMS Parquet file into the raw bucket: `Op` (CDC only), commit time, the row, the key before. */
async function dmsFile(key: string, at: string, rows: readonly Row[]): Promise<void> {
  const path = join(root, 'buckets', RAW, FOLDER, key);
  mkdirSync(join(path, '..'), { recursive: true });
  const cdc = rows.some(([op]) => op !== undefined);
  const v = (value: string | number | null | undefined) =>
    value === null || value === undefined
      ? 'NULL'
      : typeof value === 'number'
        ? String(value)
        : quoteLiteral(value);
  const select = rows
    .map(
      ([op, id, title, category, email, beforeId]) =>
        `SELECT ${cdc ? `${v(op)} AS "Op", ` : ''}${v(at)} AS _dms_commit_time, CAST(${id} AS INTEGER) AS id, ${v(title)} AS title, ${v(category)} AS category, CAST(${v(email)} AS VARCHAR) AS email${cdc ? `, CAST(${v(beforeId)} AS INTEGER) AS _dms_before_id` : ''}`,
    )
    .join(' UNION ALL ');
  await withConnection(duckdb, (connection) =>
    connection.run(`COPY (${select}) TO ${quoteLiteral(path)} (FORMAT parquet)`),
  );
}

async function withCatalog<T>(work: (catalog: DuckdbCatalog) => Promise<T>): Promise<T> {
  const catalog = await DuckdbCatalog.open({
    file: join(root, 'catalog.duckdb'),
    bucketsRoot: join(root, 'buckets'),
  });
  try {
    return await work(catalog);
  } finally {
    catalog.close();
  }
}

/** The run readers see, as the apply task reads it from the `<table>` view. */
const shownRun = () =>
  withCatalog(async (catalog) => (await catalog.getView(DB, 'items'))?.parameters?.[RUN_ID_PARAMETER]);

async function apply(runId: string, baseRunId?: string, withNote = false): Promise<AppliedChanges> {
  return applyChanges(
    {
      plan: plan(runId, withNote),
      changes: { bucket: RAW, prefix: FOLDER },
      curatedBucket: CURATED,
      ...(baseRunId === undefined ? {} : { baseRunId }),
    },
    { objectStore, duckdb, salt: SALT, tempRoot: root },
  );
}

async function commit(applied: AppliedChanges): Promise<void> {
  if (!applied.applied) throw new Error('nothing applied');
  await withCatalog((catalog) =>
    commitTable(
      { plan: applied.plan, database: DB, curatedBucket: CURATED, expectedParts: 1 },
      { objectStore, catalog },
    ),
  );
}

/** `<table>_latest` as `datalake query --local` reads it. */
async function latest(columns = 'id, title, category, email_hash'): Promise<Record<string, unknown>[]> {
  const reader = await openDuckdb({ threads: 1 });
  try {
    return await withConnection(reader, async (connection) => {
      await attachCatalog(connection, join(root, 'catalog.duckdb'), true);
      return queryRows(connection, `SELECT ${columns} FROM ${DB}.items_latest ORDER BY id`);
    });
  } finally {
    reader.closeSync();
  }
}

const item = (id: number, title: string, category: string, email: string | null) => ({
  id,
  title,
  category,
  email_hash: email === null ? null : hmac(email),
});

describe('applyChanges', () => {
  it('commits the full load and each batch as a whole version; an apply that dies before its commit changes nothing and is read again', async () => {
    // Arrange: the full load and a first change file, as DMS writes them.
    await dmsFile('LOAD00000001.parquet', '2026-12-07 10:00:00.000000', [
      [undefined, 1, 'lamp', 'home', 'kim@example.com'],
      [undefined, 2, 'desk', 'office', 'lee@example.com'],
      [undefined, 3, 'chair', 'office', null],
    ]);
    await dmsFile('2026/12/07/20261207-1000050000.parquet', '2026-12-07 10:00:05.000000', [
      ['I', 4, 'rug', 'home', null],
      ['U', 1, 'lamp', 'garden', 'kim@example.com', 1],
    ]);

    // Act 1: the first apply, from nothing.
    const first = await apply('20261207T100100Z');
    await commit(first);

    // Assert 1
    expect(first).toMatchObject({ applied: true, position: { files: 2 }, part: { rows: 4 } });
    expect(await latest()).toEqual([
      item(1, 'lamp', 'garden', 'kim@example.com'),
      item(2, 'desk', 'office', 'lee@example.com'),
      item(3, 'chair', 'office', null),
      item(4, 'rug', 'home', null),
    ]);
    expect(await shownRun()).toBe('20261207T100100Z');

    // Act 2: a batch whose apply is written but never committed (the task died before its commit).
    await dmsFile('2026/12/07/20261207-1001000000.parquet', '2026-12-07 10:01:00.000000', [
      ['U', 2, 'desk', 'office', 'lee@example.com', 2],
      ['U', 2, 'standing desk', 'office', 'lee@example.com', 2],
      ['D', 3, 'chair', 'office', null],
      ['U', 40, 'rug', 'home', null, 4],
    ]);
    const lost = await apply('20261207T100200Z', await shownRun());
    expect(lost).toMatchObject({ applied: true, position: { files: 1, baseRunId: '20261207T100100Z' } });

    // Assert 2: readers still see the first version.
    expect(await latest()).toEqual([
      item(1, 'lamp', 'garden', 'kim@example.com'),
      item(2, 'desk', 'office', 'lee@example.com'),
      item(3, 'chair', 'office', null),
      item(4, 'rug', 'home', null),
    ]);

    // Act 3: the next apply starts from what readers see, takes that batch again and a newer one.
    await dmsFile('2026/12/07/20261207-1002300000.parquet', '2026-12-07 10:02:30.000000', [
      ['I', 5, 'vase', 'home', 'park@example.com'],
      ['D', 5, 'vase', 'home', 'park@example.com'],
      ['I', 6, 'shelf', 'office', null],
    ]);
    const next = await apply('20261207T100300Z', await shownRun());
    await commit(next);

    // Assert 3: each change once, the moved key's old row gone, no duplicate.
    expect(next).toMatchObject({ applied: true, position: { files: 2 }, part: { rows: 4 } });
    expect(await latest()).toEqual([
      item(1, 'lamp', 'garden', 'kim@example.com'),
      item(2, 'standing desk', 'office', 'lee@example.com'),
      item(6, 'shelf', 'office', null),
      item(40, 'rug', 'home', null),
    ]);

    // Act 4: nothing new since.
    const idle = await apply('20261207T100400Z', await shownRun());

    // Assert 4
    expect(idle).toEqual({
      applied: false,
      position: (
        (await objectStore.getJson(CURATED, changePositionKey('shop', 'items', '20261207T100300Z'))) as {
          through: string;
        }
      ).through,
    });
  });

  it('writes the same run again when a retried apply runs once more before the commit', async () => {
    // Arrange
    await dmsFile('LOAD00000001.parquet', '2026-12-07 10:00:00.000000', [
      [undefined, 1, 'lamp', 'home', null],
    ]);
    await dmsFile('20261207-1000050000.parquet', '2026-12-07 10:00:05.000000', [
      ['U', 1, 'lamp 2', 'home', null, 1],
    ]);

    // Act
    const once = await apply('20261207T100100Z');
    const again = await apply('20261207T100100Z');
    await commit(again);

    // Assert
    expect(again).toEqual(once);
    expect(await latest()).toEqual([item(1, 'lamp 2', 'home', null)]);
  });

  it('commits a column added mid-stream as the other paths do: NULL for the rows before it', async () => {
    // Arrange: a first version without the column.
    await dmsFile('LOAD00000001.parquet', '2026-12-07 10:00:00.000000', [
      [undefined, 1, 'lamp', 'home', null],
    ]);
    await commit(await apply('20261207T100100Z'));
    // ALTER TABLE items ADD note; DMS's next file has it, and the plan takes it in (newColumns: include).
    const path = join(root, 'buckets', RAW, FOLDER, '2026/12/07/20261207-1001000000.parquet');
    mkdirSync(join(path, '..'), { recursive: true });
    await withConnection(duckdb, (connection) =>
      connection.run(
        `COPY (SELECT 'I' AS "Op", '2026-12-07 10:01:00.000000' AS _dms_commit_time, 2::INTEGER AS id, 'desk' AS title, 'office' AS category, CAST(NULL AS VARCHAR) AS email, 'with note' AS note, CAST(NULL AS INTEGER) AS _dms_before_id) TO ${quoteLiteral(path)} (FORMAT parquet)`,
      ),
    );

    // Act
    await commit(await apply('20261207T100200Z', await shownRun(), true));

    // Assert
    expect(await latest('id, title, note')).toEqual([
      { id: 1, title: 'lamp', note: null },
      { id: 2, title: 'desk', note: 'with note' },
    ]);
  });
});
