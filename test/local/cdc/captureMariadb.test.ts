/**
 * captureMariadb on the real MariaDB test server (binlog in ROW format, FULL images): each step
 * changes the source, one capture writes DMS files, lib/core/cdc's apply commits them, and
 * `<table>_latest` equals the source table value by value.
 */
import type { Connection, RowDataPacket } from 'mysql2/promise';
import { cdcPrefix } from '../../../lib/core/naming';
import { SOURCE_COLUMNS_SQL, type SourceColumnRow, sourceColumnFromRow } from '../../../lib/core/types';
import { captureMariadb } from '../../../lib/local/cdc';
import { connectMariadb, testReplicaEndpoint } from '../../helpers/databases';
import { CdcLake, fileNames } from './cdcLake';

const TABLE = 'cdc_capture_items';
const SOURCE = 'shop';
const FOLDER = `${cdcPrefix(SOURCE)}marketplace/${TABLE}/`;
const CDC_FILE = /^\d{4}\/\d{2}\/\d{2}\/\d{8}-\d{9}\.parquet$/;

/** Each column's canonical text on either side: MariaDB in a UTC session, DuckDB over the curated column. */
const TEXT = {
  id: ['CAST(id AS CHAR)', 'CAST(id AS VARCHAR)'],
  title: ['title', 'title'],
  price: ['CAST(price AS CHAR)', 'CAST(price AS VARCHAR)'],
  qty: ['CAST(qty AS CHAR)', 'CAST(qty AS VARCHAR)'],
  made: ["DATE_FORMAT(made, '%Y-%m-%d %H:%i:%s.%f')", "strftime(made, '%Y-%m-%d %H:%M:%S.%f')"],
  seen: [
    "DATE_FORMAT(seen, '%Y-%m-%d %H:%i:%s.%f')",
    "strftime(CAST(seen AS TIMESTAMP), '%Y-%m-%d %H:%M:%S.%f')",
  ],
  day: ['CAST(day AS CHAR)', 'CAST(day AS VARCHAR)'],
  photo: ['LOWER(HEX(photo))', 'lower(hex(photo))'],
} as const;
const WITH_NOTE = { ...TEXT, note: ['note', 'note'] } as const;

let db: Connection;
let lake: CdcLake;

const capture = () =>
  captureMariadb(
    { source: SOURCE, endpoint: testReplicaEndpoint('mysql'), tables: [TABLE], lakeDir: lake.root },
    { objectStore: lake.objectStore, duckdb: lake.duckdb },
  );

async function sourceColumns() {
  const [rows] = await db.query<RowDataPacket[]>(SOURCE_COLUMNS_SQL.mysql, ['marketplace', TABLE]);
  return rows.map((row) => sourceColumnFromRow('mysql', row as SourceColumnRow));
}

const apply = async () => lake.apply(await sourceColumns(), ['id']);

async function sourceText(columns: Readonly<Record<string, readonly [string, string]>>) {
  const select = Object.entries(columns)
    .map(([name, [sql]]) => `${sql} AS \`${name}\``)
    .join(', ');
  const [rows] = await db.query<RowDataPacket[]>(`SELECT ${select} FROM ${TABLE} ORDER BY id`);
  return rows.map((row) => ({ ...row }));
}

const latestText = (columns: Readonly<Record<string, readonly [string, string]>>) =>
  lake.latestText(Object.fromEntries(Object.entries(columns).map(([name, [, sql]]) => [name, sql])), 'id');

beforeAll(async () => {
  db = await connectMariadb();
});
afterAll(async () => {
  await db.query(`DROP TABLE IF EXISTS ${TABLE}`);
  await db.end();
});
beforeEach(async () => {
  lake = await CdcLake.open({
    name: SOURCE,
    engine: 'mysql',
    database: 'marketplace',
    schema: 'marketplace',
    table: TABLE,
  });
  await db.query(`DROP TABLE IF EXISTS ${TABLE}`);
  await db.query(`CREATE TABLE ${TABLE} (
    id INT PRIMARY KEY, title VARCHAR(100) NOT NULL, price DECIMAL(10,2), qty BIGINT UNSIGNED,
    made DATETIME(6), seen TIMESTAMP(6) NULL, day DATE, photo VARBINARY(16)
  ) CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  await db.query(`INSERT INTO ${TABLE} VALUES
    (1, 'lamp', 12.34, 18446744073709551615, '2026-01-02 03:04:05.123456', '2026-01-02 03:04:05.654321', '2026-12-07', x'00ff'),
    (2, '책상 🪑', -0.50, 0, '1999-12-31 23:59:59.999999', NULL, '1970-01-01', NULL),
    (3, 'chair', NULL, NULL, NULL, '2038-01-19 03:14:07.000001', NULL, x'')`);
});
afterEach(() => lake.close());

describe('captureMariadb', () => {
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
      ['qty', 'UBIGINT'],
      ['made', 'TIMESTAMP'],
      ['seen', 'TIMESTAMP'],
      ['day', 'DATE'],
      ['photo', 'BLOB'],
    ]);
    expect(await apply()).toBe(true);
    expect(await latestText(TEXT)).toEqual(await sourceText(TEXT));

    // Act 2: inserts, an update, a key update, a delete, a row updated twice in one transaction
    // and once more in the next, and a rolled-back transaction between them.
    await db.query(`INSERT INTO ${TABLE} (id, title, price) VALUES (4, 'rug', 5.00), (5, 'vase', 7.25)`);
    await db.query(`UPDATE ${TABLE} SET title = 'desk', seen = '2026-12-07 10:00:00.000001' WHERE id = 2`);
    await db.query(`UPDATE ${TABLE} SET id = 30, title = 'moved chair' WHERE id = 3`);
    await db.query(`DELETE FROM ${TABLE} WHERE id = 1`);
    await db.beginTransaction();
    await db.query(`UPDATE ${TABLE} SET price = 8.00 WHERE id = 5`);
    await db.query(`UPDATE ${TABLE} SET price = 9.00, title = 'big vase' WHERE id = 5`);
    await db.commit();
    await db.beginTransaction();
    await db.query(`INSERT INTO ${TABLE} (id, title) VALUES (99, 'never')`);
    await db.query(`UPDATE ${TABLE} SET title = 'never' WHERE id = 4`);
    await db.rollback();
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
    await db.query(`ALTER TABLE ${TABLE} ADD COLUMN note VARCHAR(20)`);
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
    await db.beginTransaction();
    await db.query(`INSERT INTO ${TABLE} (id, title) VALUES (100, 'never')`);
    await db.query(`DELETE FROM ${TABLE} WHERE id = 1`);
    await db.rollback();
    const result = await capture();

    // Assert
    expect(result).toMatchObject({ kind: 'cdc', keys: [], rows: 0 });
    expect(await apply()).toBe(false);
    expect(await latestText(TEXT)).toEqual(await sourceText(TEXT));
  });

  it('ends a binlog read that outlasts readTimeoutMs with an error naming both positions, and the next capture still takes the change', async () => {
    // Arrange
    await capture();
    await apply();
    await db.query(`INSERT INTO ${TABLE} (id, title) VALUES (7, 'stool')`);

    // Act
    const timedOut = captureMariadb(
      {
        source: SOURCE,
        endpoint: testReplicaEndpoint('mysql'),
        tables: [TABLE],
        lakeDir: lake.root,
        readTimeoutMs: 1,
      },
      { objectStore: lake.objectStore, duckdb: lake.duckdb },
    );

    // Assert
    await expect(timedOut).rejects.toThrow(
      /^Change capture of shop: the binlog from .+:\d+ to .+:\d+ was not read within 1 ms \(readTimeoutMs\)$/,
    );
    expect(await capture()).toMatchObject({ kind: 'cdc', rows: 1 });
    expect(await apply()).toBe(true);
    expect(await latestText(TEXT)).toEqual(await sourceText(TEXT));
  });
});
