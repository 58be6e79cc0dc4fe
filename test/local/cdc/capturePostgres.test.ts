/**
 * capturePostgres on the real PostgreSQL test server (wal_level=logical, a pgoutput slot): each step
 * changes the source, one capture writes DMS files, lib/core/cdc's apply commits them, and
 * `<table>_latest` equals the source table value by value.
 */
import type { Client } from 'pg';
import { cdcPrefix } from '../../../lib/core/naming';
import { SOURCE_COLUMNS_SQL, type SourceColumnRow, sourceColumnFromRow } from '../../../lib/core/types';
import { capturePostgres, captureSlotName } from '../../../lib/local/cdc';
import { connectPostgres, testReplicaEndpoint } from '../../helpers/databases';
import { CdcLake, fileNames } from './cdcLake';

const TABLE = 'cdc_capture_items';
const SOURCE = 'payments_cdc';
const FOLDER = `${cdcPrefix(SOURCE)}public/${TABLE}/`;
const CDC_FILE = /^\d{4}\/\d{2}\/\d{2}\/\d{8}-\d{9}\.parquet$/;

/** Each column's canonical text on either side: PostgreSQL, and DuckDB over the curated column. */
const TEXT = {
  id: ['id::text', 'CAST(id AS VARCHAR)'],
  title: ['title', 'title'],
  price: ['price::text', 'CAST(price AS VARCHAR)'],
  qty: ['qty::text', 'CAST(qty AS VARCHAR)'],
  made: ["to_char(made, 'YYYY-MM-DD HH24:MI:SS.US')", "strftime(made, '%Y-%m-%d %H:%M:%S.%f')"],
  seen: [
    "to_char(seen AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.US')",
    "strftime(timezone('UTC', seen), '%Y-%m-%d %H:%M:%S.%f')",
  ],
  day: ['day::text', 'CAST(day AS VARCHAR)'],
  photo: ["encode(photo, 'hex')", 'lower(hex(photo))'],
  ok: ['ok::text', 'CAST(ok AS VARCHAR)'],
} as const;
const WITH_NOTE = { ...TEXT, note: ['note', 'note'] } as const;

let db: Client;
let lake: CdcLake;

const capture = () =>
  capturePostgres(
    { source: SOURCE, endpoint: testReplicaEndpoint('postgres'), tables: [TABLE], lakeDir: lake.root },
    { objectStore: lake.objectStore, duckdb: lake.duckdb },
  );

async function sourceColumns() {
  const { rows } = await db.query<SourceColumnRow>(SOURCE_COLUMNS_SQL.postgres, ['public', TABLE]);
  return rows.map((row) => sourceColumnFromRow('postgres', row));
}

const apply = async () => lake.apply(await sourceColumns(), ['id']);

async function sourceText(columns: Readonly<Record<string, readonly [string, string]>>) {
  const select = Object.entries(columns)
    .map(([name, [sql]]) => `${sql} AS "${name}"`)
    .join(', ');
  return (await db.query(`SELECT ${select} FROM ${TABLE} ORDER BY id`)).rows;
}

const latestText = (columns: Readonly<Record<string, readonly [string, string]>>) =>
  lake.latestText(Object.fromEntries(Object.entries(columns).map(([name, [, sql]]) => [name, sql])), 'id');

beforeAll(async () => {
  db = await connectPostgres();
});
afterAll(async () => {
  await db.query(
    'SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE slot_name = $1',
    [captureSlotName(SOURCE)],
  );
  await db.query(`DROP PUBLICATION IF EXISTS ${captureSlotName(SOURCE)}`);
  await db.query(`DROP TABLE IF EXISTS ${TABLE}`);
  await db.end();
});
beforeEach(async () => {
  lake = await CdcLake.open({
    name: SOURCE,
    engine: 'postgres',
    database: 'payments',
    schema: 'public',
    table: TABLE,
  });
  await db.query(`DROP TABLE IF EXISTS ${TABLE}`);
  await db.query(`CREATE TABLE ${TABLE} (
    id int PRIMARY KEY, title text NOT NULL, price numeric(10,2), qty bigint,
    made timestamp(6), seen timestamptz, day date, photo bytea, ok boolean
  )`);
  await db.query(`INSERT INTO ${TABLE} VALUES
    (1, 'lamp', 12.34, 9223372036854775807, '2026-01-02 03:04:05.123456', '2026-01-02 03:04:05.654321+09', '2026-12-07', '\\x00ff', true),
    (2, '책상 🪑', -0.50, 0, '1999-12-31 23:59:59.999999', NULL, '1970-01-01', NULL, false),
    (3, 'chair', NULL, NULL, NULL, '2038-01-19 03:14:07.000001+00', NULL, '\\x', NULL)`);
});
afterEach(() => lake.close());

describe('capturePostgres', () => {
  it('writes the full load, then inserts, updates (of the key too), deletes and a column added mid-stream in DMS files the apply turns into the source table', async () => {
    // Act 1: the first capture is the full load.
    const load = await capture();

    // Assert 1: DMS's full-load file, Op first, the commit time, DMS's Parquet types.
    expect(load).toMatchObject({ kind: 'full-load', rows: 3 });
    expect(fileNames(load, FOLDER)).toEqual(['LOAD00000001.parquet']);
    expect(await lake.schemaOf(load.keys[0] ?? '')).toEqual([
      ['Op', 'VARCHAR'],
      ['_dms_commit_time', 'VARCHAR'],
      ['id', 'INTEGER'],
      ['title', 'VARCHAR'],
      ['price', 'DECIMAL(10,2)'],
      ['qty', 'BIGINT'],
      ['made', 'TIMESTAMP'],
      ['seen', 'TIMESTAMP'],
      ['day', 'DATE'],
      ['photo', 'BLOB'],
      ['ok', 'VARCHAR'],
    ]);
    expect(await apply()).toBe(true);
    expect(await latestText(TEXT)).toEqual(await sourceText(TEXT));

    // Act 2: inserts, an update, a key update, a delete, a row updated twice in one transaction
    // and once more in the next, and a rolled-back transaction between them.
    await db.query(`INSERT INTO ${TABLE} (id, title, price) VALUES (4, 'rug', 5.00), (5, 'vase', 7.25)`);
    await db.query(
      `UPDATE ${TABLE} SET title = 'desk', seen = '2026-12-07 10:00:00.000001+00', ok = true WHERE id = 2`,
    );
    await db.query(`UPDATE ${TABLE} SET id = 30, title = 'moved chair' WHERE id = 3`);
    await db.query(`DELETE FROM ${TABLE} WHERE id = 1`);
    await db.query('BEGIN');
    await db.query(`UPDATE ${TABLE} SET price = 8.00 WHERE id = 5`);
    await db.query(`UPDATE ${TABLE} SET price = 9.00, title = 'big vase' WHERE id = 5`);
    await db.query('COMMIT');
    await db.query('BEGIN');
    await db.query(`INSERT INTO ${TABLE} (id, title) VALUES (99, 'never')`);
    await db.query(`UPDATE ${TABLE} SET title = 'never' WHERE id = 4`);
    await db.query('ROLLBACK');
    await db.query(`UPDATE ${TABLE} SET price = 10.00 WHERE id = 5`);
    const changes = await capture();

    // Assert 2: one CDC file in commit order, the key before an update, nothing of the rollback.
    expect(changes).toMatchObject({ kind: 'cdc', rows: 8 });
    expect(fileNames(changes, FOLDER)).toEqual([expect.stringMatching(CDC_FILE)]);
    const rows = await lake.rowsOf(changes.keys[0] ?? '');
    expect(rows.map((row) => [row.Op, row.id, row._dms_before_id])).toEqual([
      ['I', '4', null],
      ['I', '5', null],
      ['U', '2', '2'],
      ['U', '30', '3'],
      ['D', '1', null],
      ['U', '5', '5'],
      ['U', '5', '5'],
      ['U', '5', '5'],
    ]);
    expect(
      rows.every((row) => /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{6}$/.test(String(row._dms_commit_time))),
    ).toBe(true);
    expect(await apply()).toBe(true);
    expect(await latestText(TEXT)).toEqual(await sourceText(TEXT));

    // Act 3: a column added mid-stream, between changes of one capture.
    await db.query(`UPDATE ${TABLE} SET title = 'rug 2' WHERE id = 4`);
    await db.query(`ALTER TABLE ${TABLE} ADD COLUMN note varchar(20)`);
    await db.query(`INSERT INTO ${TABLE} (id, title, note) VALUES (6, 'shelf', 'with note')`);
    await db.query(`UPDATE ${TABLE} SET note = 'noted' WHERE id = 2`);
    const added = await capture();

    // Assert 3: a new file where the columns change (a Parquet file has one schema), in order.
    expect(fileNames(added, FOLDER)).toEqual([
      expect.stringMatching(CDC_FILE),
      expect.stringMatching(CDC_FILE),
    ]);
    expect([...fileNames(added, FOLDER)].sort()).toEqual(fileNames(added, FOLDER));
    expect((await lake.schemaOf(added.keys[1] ?? '')).map(([name]) => name)).toContain('note');
    expect(await apply()).toBe(true);
    expect(await latestText(WITH_NOTE)).toEqual(await sourceText(WITH_NOTE));

    // Act 4: nothing changed since.
    const idle = await capture();

    // Assert 4
    expect(idle).toMatchObject({ kind: 'cdc', keys: [], rows: 0 });
    expect(await apply()).toBe(false);
  });

  it('writes nothing for a rolled-back transaction', async () => {
    // Arrange
    await capture();
    await apply();

    // Act
    await db.query('BEGIN');
    await db.query(`INSERT INTO ${TABLE} (id, title) VALUES (100, 'never')`);
    await db.query(`DELETE FROM ${TABLE} WHERE id = 1`);
    await db.query('ROLLBACK');
    const result = await capture();

    // Assert
    expect(result).toMatchObject({ kind: 'cdc', keys: [], rows: 0 });
    expect(await apply()).toBe(false);
    expect(await latestText(TEXT)).toEqual(await sourceText(TEXT));
  });
});
