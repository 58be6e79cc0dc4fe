/**
 * The footer reader against Parquet files DuckDB writes (several row groups, a nested column, a
 * boolean, key-value metadata), compared with DuckDB's own num_rows, and against broken input.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DuckDBInstance } from '@duckdb/node-api';
import { DataLakeError } from '../../../lib/core/errors';
import { PARQUET_TAIL_BYTES, parquetFooterLength, parquetFooterRows } from '../../../lib/core/parquet';
import { countParquetRows, openDuckdb, withConnection } from '../../../lib/duckdb';

let directory: string;
let duckdb: DuckDBInstance;

beforeAll(async () => {
  directory = mkdtempSync(join(tmpdir(), 'parquet-footer-'));
  duckdb = await openDuckdb({ threads: 1 });
});

afterAll(() => {
  duckdb?.closeSync();
  rmSync(directory, { recursive: true, force: true });
});

/** Writes `select` to a Parquet file with `rowGroupSize` rows per row group; returns its path. */
async function writeParquet(name: string, select: string, rowGroupSize: number): Promise<string> {
  const file = join(directory, `${name}.parquet`);
  await withConnection(duckdb, (connection) =>
    connection.run(
      `COPY (${select}) TO '${file}' (FORMAT parquet, ROW_GROUP_SIZE ${rowGroupSize}, KV_METADATA {origin: 'test'})`,
    ),
  );
  return file;
}

/** The footer of the file at `path`, found from its tail as the counter finds it. */
function footerOf(path: string): Uint8Array {
  const bytes = readFileSync(path);
  const tail = bytes.subarray(bytes.length - PARQUET_TAIL_BYTES);
  const length = parquetFooterLength(tail, bytes.length, path);
  return bytes.subarray(bytes.length - PARQUET_TAIL_BYTES - length, bytes.length - PARQUET_TAIL_BYTES);
}

describe('parquetFooterRows', () => {
  it.each([
    ['one row group', 1_000, 10_000],
    ['many row groups', 25_000, 2_048],
    ['no rows', 0, 1_000],
  ])('reads the row count DuckDB reads: %s', async (name, rows, rowGroupSize) => {
    // Arrange
    const file = await writeParquet(
      name.replaceAll(' ', '-'),
      `SELECT i AS id, 'name ' || i AS name, i % 2 = 0 AS even, {'a': i, 'b': [i, i + 1]} AS nested,
         CAST(i AS DECIMAL(38, 2)) AS amount FROM range(${rows}) t(i)`,
      rowGroupSize,
    );

    // Act
    const read = parquetFooterRows(footerOf(file), file);

    // Assert
    expect(read).toBe(rows);
    expect(read).toBe(await withConnection(duckdb, (connection) => countParquetRows(connection, file)));
  });

  it('refuses a file that does not end in PAR1, naming it', () => {
    // Arrange
    const tail = Buffer.from('\x10\x00\x00\x00PARE', 'latin1');

    // Act / Assert
    expect(() => parquetFooterLength(tail, 1000, 's3://raw/a.parquet')).toThrow(DataLakeError);
    expect(() => parquetFooterLength(tail, 1000, 's3://raw/a.parquet')).toThrow(
      'Not a Parquet file with a plain footer: s3://raw/a.parquet ends in "PARE"; allowed: a file ending in "PAR1"',
    );
  });

  it('refuses a footer length that does not fit in the file', () => {
    // Arrange: 100 bytes of footer claimed in a 50-byte file
    const tail = Buffer.from('\x64\x00\x00\x00PAR1', 'latin1');

    // Act / Assert
    expect(() => parquetFooterLength(tail, 50, 'x.parquet')).toThrow(
      'Invalid Parquet footer length in x.parquet: 100 bytes in a 50-byte file; allowed: 1 to 38 bytes',
    );
  });

  it('refuses a truncated footer and one without num_rows', async () => {
    // Arrange
    const file = await writeParquet('truncated', 'SELECT i FROM range(10) t(i)', 1000);
    const footer = footerOf(file);
    // version (field 1, i32) = 1, then the struct's stop byte: no num_rows
    const noRows = Uint8Array.from([0x15, 0x02, 0x00]);

    // Act / Assert
    expect(() => parquetFooterRows(footer.subarray(0, 10), 'cut.parquet')).toThrow(
      /^Cannot read the Parquet footer of cut\.parquet: .*(runs past the end|ends in the middle of a value).*; allowed: a Thrift compact FileMetaData$/,
    );
    expect(() => parquetFooterRows(noRows, 'empty.parquet')).toThrow(
      'The Parquet footer of empty.parquet has no num_rows; allowed: a FileMetaData with its required field 3 (num_rows)',
    );
  });
});
