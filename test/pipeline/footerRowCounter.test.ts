/**
 * The plan's row counter on the fauxqs S3 emulator: for a large Parquet file of many row groups
 * it reads the footer only (every byte that crosses the wire is counted) and counts what DuckDB
 * counts.
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DuckDBInstance } from '@duckdb/node-api';
import { S3ObjectStore } from '../../lib/adapters/objectStore';
import { countParquetRows, openDuckdb, withConnection } from '../../lib/duckdb';
import { footerRowCounter } from '../../lib/pipeline/footerRowCounter';
import { type Fauxqs, startFauxqs } from '../helpers/startFauxqs';

const BUCKET = 'raw';
const KEY = 'exports/exp-1/service/service.orders/1/part-00000-0000.gz.parquet';
const ROWS = 150_000;

let fauxqs: Fauxqs;
let duckdb: DuckDBInstance;
let directory: string;
let file: string;

/** Every GetObject the client sends: its Range header and the bytes of the body S3 returned. */
const reads: { range: string | undefined; bytes: number }[] = [];

beforeAll(async () => {
  fauxqs = await startFauxqs();
  await fauxqs.createBucket(BUCKET);
  fauxqs.s3.middlewareStack.add(
    (next, context) => async (args) => {
      const result = await next(args);
      if (context.commandName === 'GetObjectCommand') {
        const input = args.input as { Range?: string };
        const output = result.output as { ContentLength?: number };
        reads.push({ range: input.Range, bytes: output.ContentLength ?? Number.NaN });
      }
      return result;
    },
    { step: 'initialize', name: 'countGetObjectBytes' },
  );
  directory = mkdtempSync(join(tmpdir(), 'footer-rows-'));
  file = join(directory, 'part.parquet');
  duckdb = await openDuckdb({ threads: 1 });
  // Random text compresses badly: megabytes in 30 row groups (fauxqs takes PUTs up to 11 MiB).
  await withConnection(duckdb, (connection) =>
    connection.run(
      `COPY (SELECT i AS id, md5(i::VARCHAR) AS payload, i * 0.01 AS amount FROM range(${ROWS}) t(i))
       TO '${file}' (FORMAT parquet, ROW_GROUP_SIZE 5000)`,
    ),
  );
  await new S3ObjectStore({ client: fauxqs.s3 }).uploadFile(BUCKET, KEY, file);
}, 120_000);

afterAll(async () => {
  duckdb?.closeSync();
  await fauxqs?.stop();
  rmSync(directory, { recursive: true, force: true });
});

describe('footerRowCounter on S3 (fauxqs)', () => {
  it('reads only the footer of a large multi-row-group part, with two ranged GETs, and counts what DuckDB counts', async () => {
    // Arrange
    const bytes = statSync(file).size;
    const countRows = footerRowCounter(new S3ObjectStore({ client: fauxqs.s3 }));
    const duckdbRows = await withConnection(duckdb, (connection) => countParquetRows(connection, file));
    reads.length = 0;

    // Act
    const rows = await countRows(BUCKET, [{ key: KEY, bytes }]);

    // Assert
    expect(rows).toBe(ROWS);
    expect(rows).toBe(duckdbRows);
    const [tail, footer] = reads;
    expect(reads).toHaveLength(2);
    expect(tail).toEqual({ range: `bytes=${bytes - 8}-${bytes - 1}`, bytes: 8 });
    const footerBytes = footer?.bytes ?? 0;
    expect(footer?.range).toBe(`bytes=${bytes - 8 - footerBytes}-${bytes - 9}`);
    const read = reads.reduce((sum, get) => sum + get.bytes, 0);
    expect(read).toBe(8 + footerBytes);
    // 30 row groups of metadata: a few KB out of megabytes.
    expect(bytes).toBeGreaterThan(4 * 1024 ** 2);
    expect(read).toBeLessThan(bytes / 100);
  });

  it('sums the rows of several parts and names a part that is not Parquet', async () => {
    // Arrange
    const store = new S3ObjectStore({ client: fauxqs.s3 });
    const bytes = statSync(file).size;
    await store.putJson(BUCKET, 'exports/exp-1/not-parquet.json', { rows: 3 });
    const countRows = footerRowCounter(store, { concurrency: 2 });

    // Act
    const twice = await countRows(BUCKET, [
      { key: KEY, bytes },
      { key: KEY, bytes },
    ]);
    const notParquet = countRows(BUCKET, [{ key: 'exports/exp-1/not-parquet.json', bytes: 10 }]);

    // Assert
    expect(twice).toBe(2 * ROWS);
    await expect(notParquet).rejects.toThrow(
      'Not a Parquet file: s3://raw/exports/exp-1/not-parquet.json has 10 bytes; allowed: at least 12 (magic, footer length, magic)',
    );
  });
});
