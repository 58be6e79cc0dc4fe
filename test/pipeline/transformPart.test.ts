/**
 * transformPart end to end on real parts: export-shaped Parquet written by DuckDB, an S3
 * emulator (fauxqs) as both buckets, DuckDB for the transform and for reading the curated files
 * back value by value.
 */
import { createHash, createHmac } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { listAll, S3ObjectStore } from '../../lib/adapters/objectStore';
import { ConversionFailure, TransformError } from '../../lib/core/errors';
import { manifestKey, type TablePlan } from '../../lib/core/pipeline';
import { quoteLiteral } from '../../lib/core/transform';
import { openDuckdb, queryRows } from '../../lib/duckdb';
import { type TransformTask, transformPart } from '../../lib/pipeline/transformPart';
import { type Fauxqs, startFauxqs } from '../helpers/startFauxqs';
import { plannedColumn, tablePlan } from '../helpers/tablePlanFactory';

const SALT = 'test-salt-🧂';
const RUN = '20261123T030005Z';
const HOSTILE = 'a"b; DROP TABLE x; --';
const RAW_SECRETS = ['kim@example.com', 'lee@example.com', '010-1234-5678', '010-9999-0000'];
const hmac = (text: string) => createHmac('sha256', SALT).update(text, 'utf8').digest('hex');
const text = { athenaType: 'string', duckdbType: 'VARCHAR' };

/** Rows as the RDS export writes a MySQL table: DATE as text, DATETIME as UTC micros, CHAR as bytes. */
const EXPORT_ROWS = `SELECT * FROM (VALUES
  (CAST(18446744073709551615 AS DECIMAL(20,0)), 'kim@example.com', '010-1234-5678', '김철수', CAST(12345678.99 AS DECIMAL(10,2)),
   '0001-01-01', TIMESTAMPTZ '2024-02-29 23:59:59.999999+00', CAST('AB' AS BLOB), 'x"y'),
  (CAST(1 AS DECIMAL(20,0)), 'lee@example.com', '010-9999-0000', '😀🎉 emoji', CAST(-0.01 AS DECIMAL(10,2)),
   '9999-12-31', TIMESTAMPTZ '2024-03-01 00:00:00.000001+00', NULL, NULL),
  (CAST(2 AS DECIMAL(20,0)), NULL, NULL, NULL, NULL, NULL, NULL, NULL, 'z')
) AS t(id, email, phone, "name", price, born, created_at, note, "${HOSTILE.replaceAll('"', '""')}")`;

function marketplacePlan(overrides: Partial<TablePlan> = {}): TablePlan {
  return tablePlan(
    [
      plannedColumn(
        'id',
        { dataType: 'bigint', columnType: 'bigint(20) unsigned' },
        { athenaType: 'decimal(20,0)', duckdbType: 'DECIMAL(20,0)' },
      ),
      plannedColumn('email', { dataType: 'varchar', columnType: 'varchar(255)' }, text, {
        output: 'email_hash',
        mask: { kind: 'hash' },
      }),
      plannedColumn('phone', { dataType: 'varchar', columnType: 'varchar(20)' }, text, {
        mask: { kind: 'redact' },
      }),
      plannedColumn('name', { dataType: 'varchar', columnType: 'varchar(50)' }, text, {
        mask: { kind: 'truncate', length: 2 },
      }),
      plannedColumn(
        'price',
        { dataType: 'decimal', columnType: 'decimal(10,2)' },
        { athenaType: 'decimal(12,2)', duckdbType: 'DECIMAL(12,2)' },
        { cast: 'decimal(12,2)' },
      ),
      plannedColumn('born', { dataType: 'date' }, { athenaType: 'date', duckdbType: 'DATE' }),
      plannedColumn(
        'created_at',
        { dataType: 'datetime', columnType: 'datetime(6)' },
        { athenaType: 'timestamp', duckdbType: 'TIMESTAMP' },
      ),
      plannedColumn('note', { dataType: 'char', columnType: 'char(10)' }, text),
      plannedColumn(HOSTILE, { dataType: 'varchar', columnType: 'varchar(10)' }, text),
    ],
    {
      runId: RUN,
      partitionKeys: [{ name: 'created_at_month', column: 'created_at', granularity: 'month' }],
      expectedRows: 3,
      ...overrides,
    },
  );
}

let fauxqs: Fauxqs;
let duckdb: DuckDBInstance;
let connection: DuckDBConnection;
let work: string;
let store: S3ObjectStore;
let buckets = 0;
let raw: string;
let curated: string;

beforeAll(async () => {
  fauxqs = await startFauxqs();
  store = new S3ObjectStore({ client: fauxqs.s3 });
  duckdb = await openDuckdb({ threads: 1, memoryLimit: '256MB' });
  connection = await duckdb.connect();
});

afterAll(async () => {
  connection.closeSync();
  duckdb.closeSync();
  await fauxqs.stop();
});

beforeEach(async () => {
  work = mkdtempSync(join(tmpdir(), 'transform-part-test-'));
  buckets += 1;
  raw = `raw-${buckets}`;
  curated = `curated-${buckets}`;
  await fauxqs.createBucket(raw);
  await fauxqs.createBucket(curated);
});

afterEach(() => rmSync(work, { recursive: true, force: true }));

/** Writes an export-shaped part with DuckDB and uploads it to the raw bucket. */
async function uploadPart(select: string, key: string): Promise<void> {
  const file = join(work, `part-${Date.now()}-${Math.random()}.parquet`);
  await connection.run(`COPY (${select}) TO ${quoteLiteral(file)} (FORMAT parquet)`);
  await store.uploadFile(raw, key, file);
}

function task(plan: TablePlan, index = 0): TransformTask {
  return {
    plan,
    part: { bucket: raw, key: 'export/marketplace/marketplace.items/1/part-00000.parquet', index },
    curatedBucket: curated,
  };
}

/** Downloads a curated object and returns its local path. */
async function download(key: string): Promise<string> {
  const file = join(work, `${createHash('md5').update(key).digest('hex')}.parquet`);
  await store.downloadToFile(curated, key, file);
  return file;
}

async function keysIn(bucket: string): Promise<string[]> {
  return (await listAll(store, bucket, '')).map(({ key }) => key);
}

describe('transformPart', () => {
  it('writes one Parquet file per partition under the run prefix, then the manifest', async () => {
    // Arrange
    await uploadPart(EXPORT_ROWS, task(marketplacePlan()).part.key);

    // Act
    const result = await transformPart(task(marketplacePlan()), { objectStore: store, duckdb, salt: SALT });

    // Assert
    expect((await keysIn(curated)).sort()).toEqual([
      `_manifests/service/items/run=${RUN}/part-00000.json`,
      `service/items/created_at_month=2024-02/run=${RUN}/part-00000-000.parquet`,
      `service/items/created_at_month=2024-03/run=${RUN}/part-00000-000.parquet`,
      `service/items/created_at_month=__HIVE_DEFAULT_PARTITION__/run=${RUN}/part-00000-000.parquet`,
    ]);
    expect(result.files.map(({ partitionValues, rows }) => [partitionValues, rows])).toEqual([
      [{ created_at_month: '2024-02' }, 1],
      [{ created_at_month: '2024-03' }, 1],
      [{}, 1],
    ]);
  });

  it('curates every value exactly: mapping, cast, masks, UTF-8, the quoted column', async () => {
    // Arrange
    await uploadPart(EXPORT_ROWS, task(marketplacePlan()).part.key);

    // Act
    const result = await transformPart(task(marketplacePlan()), { objectStore: store, duckdb, salt: SALT });

    // Assert
    const files = await Promise.all(result.files.map(({ key }) => download(key)));
    const rows = await queryRows(
      connection,
      `SELECT * FROM read_parquet([${files.map(quoteLiteral).join(', ')}], hive_partitioning = false) ORDER BY id`,
    );
    expect(rows).toEqual([
      {
        id: '1',
        email_hash: hmac('lee@example.com'),
        phone: null,
        name: '😀🎉',
        price: '-0.01',
        born: '9999-12-31',
        created_at: '2024-03-01 00:00:00.000001',
        note: null,
        [HOSTILE]: null,
      },
      {
        id: '2',
        email_hash: null,
        phone: null,
        name: null,
        price: null,
        born: null,
        created_at: null,
        note: null,
        [HOSTILE]: 'z',
      },
      {
        id: '18446744073709551615',
        email_hash: hmac('kim@example.com'),
        phone: null,
        name: '김철',
        price: '12345678.99',
        born: '0001-01-01',
        created_at: '2024-02-29 23:59:59.999999',
        note: 'AB',
        [HOSTILE]: 'x"y',
      },
    ]);
  });

  it('writes Athena-safe Parquet: no INT96, TIMESTAMP_MICROS, DECIMAL with precision, ZSTD', async () => {
    // Arrange
    await uploadPart(EXPORT_ROWS, task(marketplacePlan()).part.key);
    const result = await transformPart(task(marketplacePlan()), { objectStore: store, duckdb, salt: SALT });
    const file = await download(result.files[0]?.key ?? '');

    // Act
    const leaves = await queryRows(
      connection,
      'SELECT name, type, converted_type, precision, scale FROM parquet_schema($1) WHERE type IS NOT NULL',
      [file],
    );
    const codecs = await queryRows(connection, 'SELECT DISTINCT compression FROM parquet_metadata($1)', [
      file,
    ]);

    // Assert
    expect(leaves.map((leaf) => leaf.type)).not.toContain('INT96');
    expect(leaves).toEqual(
      expect.arrayContaining([
        { name: 'id', type: 'FIXED_LEN_BYTE_ARRAY', converted_type: 'DECIMAL', precision: '20', scale: '0' },
        { name: 'price', type: 'INT64', converted_type: 'DECIMAL', precision: '12', scale: '2' },
        { name: 'born', type: 'INT32', converted_type: 'DATE', precision: null, scale: null },
        {
          name: 'created_at',
          type: 'INT64',
          converted_type: 'TIMESTAMP_MICROS',
          precision: null,
          scale: null,
        },
        { name: 'name', type: 'BYTE_ARRAY', converted_type: 'UTF8', precision: null, scale: null },
      ]),
    );
    expect(codecs).toEqual([{ compression: 'ZSTD' }]);
  });

  it('leaves masked source values nowhere in the output, neither in the bytes nor in any cell', async () => {
    // Arrange
    await uploadPart(EXPORT_ROWS, task(marketplacePlan()).part.key);

    // Act
    const result = await transformPart(task(marketplacePlan()), { objectStore: store, duckdb, salt: SALT });

    // Assert: the footers' min/max statistics are uncompressed, so a leak there shows in the bytes
    const keys = await keysIn(curated);
    for (const key of keys) {
      const bytes = readFileSync(await download(key));
      for (const secret of RAW_SECRETS) expect(bytes.includes(Buffer.from(secret))).toBe(false);
    }
    const files = await Promise.all(result.files.map(({ key }) => download(key)));
    const cells = await queryRows(
      connection,
      `SELECT CAST(COLUMNS(*) AS VARCHAR) FROM read_parquet([${files.map(quoteLiteral).join(', ')}], hive_partitioning = false)`,
    );
    const values = cells.flatMap((row) => Object.values(row)).join('\n');
    for (const secret of RAW_SECRETS) expect(values).not.toContain(secret);
  });

  it('writes a manifest that matches the files, rows and the schema written', async () => {
    // Arrange
    await uploadPart(EXPORT_ROWS, task(marketplacePlan(), 7).part.key);

    // Act
    const result = await transformPart(task(marketplacePlan(), 7), {
      objectStore: store,
      duckdb,
      salt: SALT,
    });

    // Assert
    const manifest = await store.getJson(curated, manifestKey('service', 'items', RUN, 7));
    expect(manifest).toEqual(result);
    expect(result).toMatchObject({ source: 'service', table: 'items', runId: RUN, partIndex: 7, rows: 3 });
    expect(result.schema).toEqual([
      { name: 'id', duckdbType: 'DECIMAL(20,0)' },
      { name: 'email_hash', duckdbType: 'VARCHAR' },
      { name: 'phone', duckdbType: 'VARCHAR' },
      { name: 'name', duckdbType: 'VARCHAR' },
      { name: 'price', duckdbType: 'DECIMAL(12,2)' },
      { name: 'born', duckdbType: 'DATE' },
      { name: 'created_at', duckdbType: 'TIMESTAMP' },
      { name: 'note', duckdbType: 'VARCHAR' },
      { name: HOSTILE, duckdbType: 'VARCHAR' },
    ]);
    const listed = await listAll(store, curated, 'service/');
    expect(result.files.map(({ key, bytes }) => ({ key, bytes }))).toEqual(expect.arrayContaining(listed));
    expect(result.files).toHaveLength(listed.length);
    expect(result.files.every(({ key }) => key.endsWith('/part-00007-000.parquet'))).toBe(true);
  });

  it('hashes deterministically: the same salt gives the same hash across runs', async () => {
    // Arrange
    await uploadPart(EXPORT_ROWS, task(marketplacePlan()).part.key);
    const plan = marketplacePlan({ partitionKeys: [] });

    // Act
    const first = await transformPart(task(plan), { objectStore: store, duckdb, salt: SALT });
    const firstFile = await download(first.files[0]?.key ?? '');
    const before = await queryRows(connection, 'SELECT email_hash FROM read_parquet($1) ORDER BY id', [
      firstFile,
    ]);
    const second = await transformPart(task(plan), { objectStore: store, duckdb, salt: SALT });
    const after = await queryRows(connection, 'SELECT email_hash FROM read_parquet($1) ORDER BY id', [
      await download(second.files[0]?.key ?? ''),
    ]);

    // Assert
    expect(after).toEqual(before);
    expect(before[2]).toEqual({ email_hash: hmac('kim@example.com') });
  });

  it('writes an unpartitioned part as one file directly under the run prefix', async () => {
    // Arrange
    await uploadPart(EXPORT_ROWS, task(marketplacePlan()).part.key);

    // Act
    const result = await transformPart(task(marketplacePlan({ partitionKeys: [] }), 3), {
      objectStore: store,
      duckdb,
      salt: SALT,
    });

    // Assert
    expect(result.files).toEqual([
      {
        key: `service/items/run=${RUN}/part-00003-000.parquet`,
        bytes: expect.any(Number),
        rows: 3,
        partitionValues: {},
      },
    ]);
  });

  it('overwrites the same keys on a re-run and removes files an earlier attempt left, but not other parts', async () => {
    // Arrange: an earlier attempt of part 0 wrote a second file; part 1 has its own file
    await uploadPart(EXPORT_ROWS, task(marketplacePlan()).part.key);
    const prefix = `service/items/created_at_month=2024-02/run=${RUN}/`;
    writeFileSync(join(work, 'stale'), 'stale');
    await store.uploadFile(curated, `${prefix}part-00000-001.parquet`, join(work, 'stale'));
    await store.uploadFile(curated, `${prefix}part-00001-000.parquet`, join(work, 'stale'));
    const first = await transformPart(task(marketplacePlan()), { objectStore: store, duckdb, salt: SALT });
    const keysAfterFirst = await keysIn(curated);

    // Act
    const second = await transformPart(task(marketplacePlan()), { objectStore: store, duckdb, salt: SALT });

    // Assert
    expect(second).toEqual(first);
    expect(await keysIn(curated)).toEqual(keysAfterFirst);
    expect(keysAfterFirst).not.toContain(`${prefix}part-00000-001.parquet`);
    expect(keysAfterFirst).toContain(`${prefix}part-00001-000.parquet`);
  });

  it('fails on a value that does not convert, leaving no manifest, no files and no temp files', async () => {
    // Arrange: a date the export wrote as text that is not a date
    const bad = EXPORT_ROWS.replace("'9999-12-31'", "'not-a-date'");
    await uploadPart(bad, task(marketplacePlan()).part.key);
    const tempRoot = join(work, 'temp');
    mkdirSync(tempRoot);

    // Act
    const act = transformPart(task(marketplacePlan()), { objectStore: store, duckdb, salt: SALT, tempRoot });

    // Assert
    await expect(act).rejects.toThrow(TransformError);
    await expect(act).rejects.toThrow(
      /^Transform of service\.items \(run 20261123T030005Z, part s3:\/\/raw-\d+\/export\/marketplace\/marketplace\.items\/1\/part-00000\.parquet\) failed: .*expected a date YYYY-MM-DD in "born", got: not-a-date/,
    );
    expect(await keysIn(curated)).toEqual([]);
    expect(readdirSync(tempRoot)).toEqual([]);
  });

  it('fails on a masked value that does not convert without reporting the value (issue 15)', async () => {
    // Arrange: born is hashed, and one row holds an email where the export wrote a date
    const plan = marketplacePlan();
    const hashedBorn: TablePlan = {
      ...plan,
      columns: plan.columns.map((column) =>
        column.source === 'born' ? { ...column, ...text, mask: { kind: 'hash' } } : column,
      ),
    };
    await uploadPart(
      EXPORT_ROWS.replace("'9999-12-31'", "'kim.secret@example.com'"),
      task(hashedBorn).part.key,
    );

    // Act
    const error: unknown = await transformPart(task(hashedBorn), {
      objectStore: store,
      duckdb,
      salt: SALT,
    }).catch((caught: unknown) => caught);

    // Assert
    expect(error).toBeInstanceOf(TransformError);
    const { message, stack, cause } = error as TransformError;
    expect(message).toMatch(
      /^Transform of service\.items .* failed: .*expected a date YYYY-MM-DD in "born", got: \(withheld: rule-bound column\)$/,
    );
    expect(`${message}${stack}`).not.toContain('kim.secret');
    // The cause is the value-free ConversionFailure naming the column and row, never DuckDB's own error.
    expect(cause).toBeInstanceOf(ConversionFailure);
    expect(`${(cause as Error).message}${(cause as Error).stack}`).not.toContain('kim.secret');
    expect((cause as Error).message).toMatch(/^Column marketplace\.items\.born \(date, curated as string\)/);
  });

  it('fails on a cast that does not fit (no TRY_CAST), leaving no manifest', async () => {
    // Arrange: 12345678.99 does not fit decimal(5,2)
    const plan = marketplacePlan();
    const narrow: TablePlan = {
      ...plan,
      columns: plan.columns.map((column) =>
        column.source === 'price'
          ? { ...column, cast: 'decimal(5,2)', athenaType: 'decimal(5,2)', duckdbType: 'DECIMAL(5,2)' }
          : column,
      ),
    };
    await uploadPart(EXPORT_ROWS, task(narrow).part.key);

    // Act
    const act = transformPart(task(narrow), { objectStore: store, duckdb, salt: SALT });

    // Assert
    await expect(act).rejects.toThrow(TransformError);
    expect(await keysIn(curated)).toEqual([]);
  });

  it('refuses to hash without a salt before reading the part', async () => {
    // Act
    const act = transformPart(task(marketplacePlan()), { objectStore: store, duckdb, salt: '' });

    // Assert: the part was never uploaded, so reaching the download would be an ObjectNotFoundError
    await expect(act).rejects.toThrow('failed: the plan hashes a column but the mask salt is empty');
  });
});
