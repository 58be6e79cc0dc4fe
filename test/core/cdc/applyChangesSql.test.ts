/**
 * applyChangesSql run by DuckDB on hand-made files in AWS DMS's S3-target Parquet format
 * ("Using Amazon S3 as a target for AWS Database Migration Service",
 * https://docs.aws.amazon.com/dms/latest/userguide/CHAP_Target.S3.html): a CDC file's first
 * column is the operation `Op` (I, U or D), the endpoint's TimestampColumnName a STRING
 * `yyyy-MM-dd HH:mm:ss.SSSSSS` (the commit time), then the row (after image; a delete's row as it
 * was); a full-load file has no `Op` (IncludeOpForFullLoad false, the default). With the task's
 * `add-before-image-columns` rule (pk-only) the key before an update follows the row, empty for
 * other operations (AWS re:Post, "How to determine which record was updated when primary key is updated").
 * Each result is compared value by value with the expected table.
 */
import { createHmac } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { type ApplyChangesInput, applyChangesSql, type LandedChangeFile } from '../../../lib/core/cdc';
import { TablePlanError } from '../../../lib/core/errors';
import type { TablePlan, WrittenColumn } from '../../../lib/core/pipeline';
import { quoteLiteral } from '../../../lib/core/transform';
import { mapSourceType, type SourceColumnType } from '../../../lib/core/types';
import { openDuckdb, queryRows, setMaskKey } from '../../../lib/duckdb';
import { plannedColumn, tablePlan } from '../../helpers/tablePlanFactory';

const SALT = 'cdc-salt';
const hmac = (text: string) => createHmac('sha256', SALT).update(text, 'utf8').digest('hex');
const text = { athenaType: 'string', duckdbType: 'VARCHAR' };

/** `shop.items`: id (key), title, price, an email the lake hashes, and `note`, added mid-stream. */
function itemsPlan(overrides: Partial<TablePlan> = {}, withNote = false): TablePlan {
  return tablePlan(
    [
      plannedColumn(
        'id',
        { dataType: 'int', columnType: 'int(11)' },
        { athenaType: 'int', duckdbType: 'INTEGER' },
      ),
      plannedColumn('title', { dataType: 'varchar', columnType: 'varchar(100)' }, text),
      plannedColumn(
        'price',
        { dataType: 'decimal', columnType: 'decimal(10,2)' },
        { athenaType: 'decimal(10,2)', duckdbType: 'DECIMAL(10,2)' },
      ),
      plannedColumn('email', { dataType: 'varchar', columnType: 'varchar(255)' }, text, {
        output: 'email_hash',
        mask: { kind: 'hash' },
      }),
      ...(withNote ? [plannedColumn('note', { dataType: 'varchar', columnType: 'varchar(20)' }, text)] : []),
    ],
    { schema: 'shop', table: 'items', primaryKey: ['id'], ...overrides },
  );
}

/** One change row: operation, commit time, the row, and the key before an update. */
interface Change {
  op?: 'I' | 'U' | 'D';
  at: string;
  id: number;
  title: string | null;
  price: string | null;
  email: string | null;
  note?: string;
  beforeId?: number;
}

let duckdb: DuckDBInstance;
let connection: DuckDBConnection;
let work: string;
let fileCount = 0;

beforeAll(async () => {
  duckdb = await openDuckdb({ threads: 1 });
  connection = await duckdb.connect();
  await setMaskKey(connection, SALT);
});
afterAll(() => {
  connection.closeSync();
});
beforeEach(() => {
  work = mkdtempSync(join(tmpdir(), 'cdc-sql-'));
});
afterEach(() => rmSync(work, { recursive: true, force: true }));

const literal = (value: string | number | null | undefined): string =>
  value === null || value === undefined
    ? 'NULL'
    : typeof value === 'number'
      ? String(value)
      : quoteLiteral(value);

/**
 * Writes a file as DMS does: `Op` first (none in a full-load file), the commit time, the table's
 * columns with DMS's Parquet types (INT32, STRING, DECIMAL), the before-image key last.
 */
async function dmsFile(
  kind: LandedChangeFile['kind'],
  rows: readonly Change[],
  options: { note?: boolean; before?: boolean } = {},
): Promise<LandedChangeFile> {
  const path = join(work, `${String(fileCount++).padStart(4, '0')}.parquet`);
  const select = rows.map((row) =>
    [
      ...(kind === 'cdc' ? [`${literal(row.op ?? 'I')} AS "Op"`] : []),
      `${literal(row.at)} AS _dms_commit_time`,
      `CAST(${literal(row.id)} AS INTEGER) AS id`,
      `CAST(${literal(row.title)} AS VARCHAR) AS title`,
      `CAST(${literal(row.price)} AS DECIMAL(10,2)) AS price`,
      `CAST(${literal(row.email)} AS VARCHAR) AS email`,
      ...(options.note ? [`CAST(${literal(row.note)} AS VARCHAR) AS note`] : []),
      ...(options.before ? [`CAST(${literal(row.beforeId)} AS INTEGER) AS _dms_before_id`] : []),
    ].join(', '),
  );
  await connection.run(
    `COPY (${select.map((columns) => `SELECT ${columns}`).join(' UNION ALL ')}) TO ${quoteLiteral(path)} (FORMAT parquet)`,
  );
  return { path, kind };
}

async function columnsOf(files: readonly { path: string }[]): Promise<WrittenColumn[]> {
  const rows = await queryRows(
    connection,
    `DESCRIBE SELECT * FROM read_parquet([${files.map((file) => quoteLiteral(file.path)).join(', ')}], union_by_name = true)`,
  );
  return rows.map((row) => ({ name: String(row.column_name), duckdbType: String(row.column_type) }));
}

/** The next version's rows, ordered by key, every value as text. */
async function apply(
  plan: TablePlan,
  files: readonly LandedChangeFile[],
  base?: string,
): Promise<Record<string, unknown>[]> {
  const input: ApplyChangesInput = {
    plan,
    changes: { files, columns: await columnsOf(files) },
    ...(base === undefined
      ? {}
      : {
          base: { files: [{ path: base, partitionValues: {} }], columns: await columnsOf([{ path: base }]) },
        }),
  };
  const { sql } = applyChangesSql(input);
  return queryRows(connection, `SELECT * FROM (${sql}) ORDER BY id`);
}

/** Writes a version to a file, to be the base of the next apply. */
async function save(plan: TablePlan, files: readonly LandedChangeFile[], base?: string): Promise<string> {
  const path = join(work, `version-${fileCount++}.parquet`);
  const input: ApplyChangesInput = {
    plan,
    changes: { files, columns: await columnsOf(files) },
    ...(base === undefined
      ? {}
      : {
          base: { files: [{ path: base, partitionValues: {} }], columns: await columnsOf([{ path: base }]) },
        }),
  };
  await connection.run(`COPY (${applyChangesSql(input).sql}) TO ${quoteLiteral(path)} (FORMAT parquet)`);
  return path;
}

const row = (id: number, title: string | null, price: string | null, email: string | null) => ({
  id,
  title,
  price,
  email_hash: email === null ? null : hmac(email),
});

const T0 = '2026-12-07 10:00:00.000000';
const T1 = '2026-12-07 10:00:01.000000';
const T2 = '2026-12-07 10:00:02.000000';

describe('applyChangesSql', () => {
  it('applies inserts, updates and deletes after the full load, masks and types as the plan says', async () => {
    const files = [
      await dmsFile('full-load', [
        { at: T0, id: 1, title: 'lamp', price: '10.00', email: 'kim@example.com' },
        { at: T0, id: 2, title: 'desk', price: '99.90', email: 'lee@example.com' },
        { at: T0, id: 3, title: 'chair', price: '45.50', email: null },
      ]),
      await dmsFile('cdc', [
        { op: 'I', at: T1, id: 4, title: '책상 😀', price: '1.05', email: 'park@example.com' },
        { op: 'U', at: T1, id: 2, title: 'desk', price: '89.90', email: 'lee@example.com' },
        { op: 'D', at: T2, id: 3, title: 'chair', price: '45.50', email: null },
      ]),
    ];
    expect(await apply(itemsPlan(), files)).toEqual([
      row(1, 'lamp', '10.00', 'kim@example.com'),
      row(2, 'desk', '89.90', 'lee@example.com'),
      row(4, '책상 😀', '1.05', 'park@example.com'),
    ]);
  });

  it('keeps the last of two updates of a row in one batch: by commit time, then row order within one time', async () => {
    const files = [
      await dmsFile('cdc', [
        { op: 'I', at: T0, id: 1, title: 'lamp', price: '10.00', email: null },
        // MySQL's binlog times are seconds: both updates share T1, the file's row order decides.
        { op: 'U', at: T1, id: 1, title: 'lamp v2', price: '11.00', email: null },
        { op: 'U', at: T1, id: 1, title: 'lamp v3', price: '12.00', email: null },
      ]),
    ];
    expect(await apply(itemsPlan(), files)).toEqual([row(1, 'lamp v3', '12.00', null)]);
  });

  it('orders changes of one commit time by file, and by commit time before file', async () => {
    const files = [
      await dmsFile('cdc', [{ op: 'U', at: T1, id: 1, title: 'first file', price: null, email: null }]),
      await dmsFile('cdc', [{ op: 'U', at: T1, id: 1, title: 'second file', price: null, email: null }]),
      await dmsFile('cdc', [
        { op: 'U', at: T0, id: 2, title: 'older, later file', price: null, email: null },
      ]),
      await dmsFile('cdc', [{ op: 'I', at: T2, id: 2, title: 'newest', price: null, email: null }]),
    ];
    const [a, b, c, d] = files;
    if (a === undefined || b === undefined || c === undefined || d === undefined)
      throw new Error('four files');
    expect(await apply(itemsPlan(), [a, b, d, c])).toEqual([
      row(1, 'second file', null, null),
      row(2, 'newest', null, null),
    ]);
  });

  it('leaves out a row inserted and deleted in one batch', async () => {
    const files = [
      await dmsFile('cdc', [
        { op: 'I', at: T1, id: 7, title: 'gone', price: '1.00', email: null },
        { op: 'D', at: T1, id: 7, title: 'gone', price: '1.00', email: null },
        { op: 'I', at: T1, id: 8, title: 'kept', price: '2.00', email: null },
      ]),
    ];
    expect(await apply(itemsPlan(), files)).toEqual([row(8, 'kept', '2.00', null)]);
  });

  it('applies a batch onto the base: an untouched row stays, a changed one is replaced, a deleted one goes', async () => {
    const plan = itemsPlan();
    const base = await save(plan, [
      await dmsFile('full-load', [
        { at: T0, id: 1, title: 'lamp', price: '10.00', email: 'kim@example.com' },
        { at: T0, id: 2, title: 'desk', price: '99.90', email: 'lee@example.com' },
        { at: T0, id: 3, title: 'chair', price: '45.50', email: null },
      ]),
    ]);
    const batch = [
      await dmsFile('cdc', [
        { op: 'U', at: T1, id: 2, title: 'desk', price: '79.90', email: 'lee@example.com' },
        { op: 'D', at: T1, id: 3, title: 'chair', price: '45.50', email: null },
        { op: 'I', at: T2, id: 5, title: 'rug', price: '30.00', email: null },
      ]),
    ];
    expect(await apply(plan, batch, base)).toEqual([
      row(1, 'lamp', '10.00', 'kim@example.com'),
      row(2, 'desk', '79.90', 'lee@example.com'),
      row(5, 'rug', '30.00', null),
    ]);
  });

  it('removes the old key of an update of the primary key, from the base and from the batch', async () => {
    const plan = itemsPlan();
    const base = await save(plan, [
      await dmsFile('full-load', [
        { at: T0, id: 1, title: 'lamp', price: '10.00', email: null },
        { at: T0, id: 2, title: 'desk', price: '99.90', email: null },
      ]),
    ]);
    const batch = [
      await dmsFile(
        'cdc',
        [
          // UPDATE items SET id = 10 WHERE id = 1: the row's after image, and its key before.
          { op: 'U', at: T1, id: 10, title: 'lamp', price: '10.00', email: null, beforeId: 1 },
          { op: 'I', at: T1, id: 20, title: 'new', price: '5.00', email: null },
          { op: 'U', at: T1, id: 21, title: 'new', price: '5.00', email: null, beforeId: 20 },
          // the key 2 moves to 3, then a new row takes key 2 again
          { op: 'U', at: T2, id: 3, title: 'desk', price: '99.90', email: null, beforeId: 2 },
          { op: 'I', at: T2, id: 2, title: 'second desk', price: '50.00', email: null },
          // a plain update: its before-image key is its own
          { op: 'U', at: T2, id: 10, title: 'lamp!', price: '10.00', email: null, beforeId: 10 },
        ],
        { before: true },
      ),
    ];
    expect(await apply(plan, batch, base)).toEqual([
      row(2, 'second desk', '50.00', null),
      row(3, 'desk', '99.90', null),
      row(10, 'lamp!', '10.00', null),
      row(21, 'new', '5.00', null),
    ]);
  });

  it('compares keys after their mask: a hashed key is updated, re-keyed and deleted by its hash', async () => {
    const plan = itemsPlan({ primaryKey: ['email_hash'] });
    const base = await save(plan, [
      await dmsFile('full-load', [
        { at: T0, id: 1, title: 'a', price: null, email: 'kim@example.com' },
        { at: T0, id: 2, title: 'b', price: null, email: 'lee@example.com' },
      ]),
    ]);
    const batch = [
      await dmsFile('cdc', [
        { op: 'U', at: T1, id: 1, title: 'a2', price: null, email: 'kim@example.com' },
        { op: 'D', at: T1, id: 2, title: 'b', price: null, email: 'lee@example.com' },
      ]),
    ];
    expect(await apply(plan, batch, base)).toEqual([row(1, 'a2', null, 'kim@example.com')]);
  });

  it('takes a column added mid-stream: NULL in the base and in older files, its value after', async () => {
    const before = itemsPlan();
    const base = await save(before, [
      await dmsFile('full-load', [{ at: T0, id: 1, title: 'lamp', price: '10.00', email: null }]),
    ]);
    // ALTER TABLE items ADD note: DMS's files after it carry the column; the plan includes it
    // (newColumns: include), the base and the batch's first file do not have it.
    const batch = [
      await dmsFile('cdc', [{ op: 'I', at: T1, id: 2, title: 'desk', price: '99.90', email: null }]),
      await dmsFile(
        'cdc',
        [
          { op: 'I', at: T2, id: 3, title: 'chair', price: '45.50', email: null, note: 'new column' },
          { op: 'U', at: T2, id: 1, title: 'lamp', price: '10.00', email: null, note: 'set' },
        ],
        { note: true },
      ),
    ];
    expect(await apply(itemsPlan({}, true), batch, base)).toEqual([
      { ...row(1, 'lamp', '10.00', null), note: 'set' },
      { ...row(2, 'desk', '99.90', null), note: null },
      { ...row(3, 'chair', '45.50', null), note: 'new column' },
    ]);
  });

  it('gives the same version when a batch is applied again onto the same base (a retried apply)', async () => {
    const plan = itemsPlan();
    const base = await save(plan, [
      await dmsFile('full-load', [{ at: T0, id: 1, title: 'lamp', price: '10.00', email: null }]),
    ]);
    const batch = [
      await dmsFile('cdc', [
        { op: 'U', at: T1, id: 1, title: 'lamp', price: '12.00', email: null },
        { op: 'I', at: T1, id: 2, title: 'desk', price: '99.90', email: null },
      ]),
    ];
    const once = await apply(plan, batch, base);
    expect(await apply(plan, batch, base)).toEqual(once);
    expect(once).toEqual([row(1, 'lamp', '12.00', null), row(2, 'desk', '99.90', null)]);
  });

  it('reads the dates, times and timestamps DMS writes typed (DATE32, TIME32, TIMESTAMP) through the replica conversions', async () => {
    // Arrange: the plan's types from the lake's own mapping.
    const column = (source: string, type: Omit<SourceColumnType, 'column'>) => {
      const mapping = mapSourceType({ column: source, ...type });
      return {
        source,
        output: source,
        sourceType: type,
        athenaType: mapping.athenaType,
        duckdbType: mapping.duckdbType,
      };
    };
    const mysql = tablePlan(
      [
        column('id', { engine: 'mysql', dataType: 'int', columnType: 'int(11)' }),
        column('born', { engine: 'mysql', dataType: 'date', columnType: 'date' }),
        column('created', { engine: 'mysql', dataType: 'datetime', columnType: 'datetime(6)' }),
        column('opens', { engine: 'mysql', dataType: 'time', columnType: 'time(6)' }),
        column('active', { engine: 'mysql', dataType: 'tinyint', columnType: 'tinyint(1)' }),
      ],
      { primaryKey: ['id'] },
    );
    const postgres = tablePlan(
      [
        column('id', { engine: 'postgres', dataType: 'int8', columnType: 'bigint' }),
        column('at', { engine: 'postgres', dataType: 'timestamptz', columnType: 'timestamp with time zone' }),
        column('day', { engine: 'postgres', dataType: 'date', columnType: 'date' }),
      ],
      { primaryKey: ['id'] },
    );
    const path = (name: string) => join(work, name);
    await connection.run(
      `COPY (SELECT 'I' AS "Op", '${T1}' AS _dms_commit_time, 1::INTEGER AS id, DATE '1999-12-31' AS born, TIMESTAMP '2024-02-29 23:59:59.999999' AS created, TIME '08:30:00.5' AS opens, 1::TINYINT AS active) TO ${quoteLiteral(path('m.parquet'))} (FORMAT parquet)`,
    );
    await connection.run(
      `COPY (SELECT 'I' AS "Op", '${T1}' AS _dms_commit_time, 7::BIGINT AS id, TIMESTAMP '2026-12-07 10:00:00.000001' AS "at", DATE '2026-12-07' AS day) TO ${quoteLiteral(path('p.parquet'))} (FORMAT parquet)`,
    );

    // Act
    const read = async (plan: TablePlan, file: string) => {
      const files = [{ path: path(file), kind: 'cdc' as const }];
      const { sql } = applyChangesSql({ plan, changes: { files, columns: await columnsOf(files) } });
      return queryRows(
        connection,
        `SELECT * REPLACE (${plan === mysql ? 'CAST(created AS VARCHAR) AS created, CAST(born AS VARCHAR) AS born' : `strftime(timezone('UTC', "at"), '%Y-%m-%d %H:%M:%S.%f') AS "at", CAST(day AS VARCHAR) AS day`}) FROM (${sql})`,
      );
    };

    // Assert
    expect(await read(mysql, 'm.parquet')).toEqual([
      {
        id: 1,
        born: '1999-12-31',
        created: '2024-02-29 23:59:59.999999',
        opens: '08:30:00.500000',
        active: true,
      },
    ]);
    expect(await read(postgres, 'p.parquet')).toEqual([
      { id: '7', at: '2026-12-07 10:00:00.000001', day: '2026-12-07' },
    ]);
  });

  it('fails on an operation DMS does not write', async () => {
    const files = [
      await dmsFile('cdc', [{ op: 'X' as 'I', at: T1, id: 1, title: null, price: null, email: null }]),
    ];
    await expect(apply(itemsPlan(), files)).rejects.toThrow(/operation is not I, U or D/);
  });

  it('refuses a source column named as a column DMS adds, which DMS would shadow', () => {
    const plan = (source: string) =>
      itemsPlan({
        columns: [
          ...itemsPlan().columns,
          plannedColumn(source, { dataType: 'varchar', columnType: 'varchar(10)' }, text),
        ],
      });
    const refused = (source: string) => () =>
      applyChangesSql({ plan: plan(source), changes: { files: [], columns: [] } });
    expect(refused('op')).toThrow(/shop\.items, column op: is also the name of DMS's operation column/);
    expect(refused('_dms_commit_time')).toThrow(/commit-time column/);
    expect(refused('_dms_before_id')).toThrow(/prefix of the key before an update/);
    expect(refused('datalake_cdc_row')).toThrow(/the change apply reserves/);
  });

  it('refuses a plan without a primary key, naming the table', () => {
    expect(() =>
      applyChangesSql({ plan: itemsPlan({ primaryKey: [] }), changes: { files: [], columns: [] } }),
    ).toThrow(TablePlanError);
    expect(() =>
      applyChangesSql({ plan: itemsPlan({ primaryKey: [] }), changes: { files: [], columns: [] } }),
    ).toThrow(/shop\.items.*needs the primary key/);
  });
});
