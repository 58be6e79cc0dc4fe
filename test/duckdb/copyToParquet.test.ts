import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { copyToParquet, countParquetRows, describeParquet, openDuckdb, queryRows } from '../../lib/duckdb';

let duckdb: DuckDBInstance;
let connection: DuckDBConnection;
let directory: string;

const SELECT = `SELECT id, CAST(id * 1.25 AS DECIMAL(20,2)) AS price, TIMESTAMP '2024-02-29 12:34:56.123456' + INTERVAL (id) DAY AS seen,
  CASE WHEN id % 2 = 0 THEN 'a/b' ELSE NULL END AS kind
  FROM range(10) AS t(id)`;

beforeAll(async () => {
  duckdb = await openDuckdb({ threads: 1 });
  connection = await duckdb.connect();
});

beforeEach(() => {
  directory = mkdtempSync(join(tmpdir(), 'copy-to-parquet-'));
});

afterEach(() => rmSync(directory, { recursive: true, force: true }));

afterAll(() => {
  connection.closeSync();
  duckdb.closeSync();
});

describe('copyToParquet', () => {
  it('writes one data_0.parquet when unpartitioned and returns the row count', async () => {
    // Arrange
    const out = join(directory, 'out');

    // Act
    const rows = await copyToParquet(connection, { select: SELECT, directory: out });

    // Assert
    expect(rows).toBe(10);
    expect(readdirSync(out)).toEqual(['data_0.parquet']);
  });

  it('writes ZSTD pages, TIMESTAMP as INT64 micros and decimals with precision and scale (never INT96)', async () => {
    // Arrange
    const out = join(directory, 'out');
    await copyToParquet(connection, { select: SELECT, directory: out });
    const file = join(out, 'data_0.parquet');

    // Act
    const leaves = await queryRows(
      connection,
      `SELECT name, type, converted_type, precision, scale FROM parquet_schema($1) WHERE type IS NOT NULL ORDER BY name`,
      [file],
    );
    const codecs = await queryRows(connection, 'SELECT DISTINCT compression FROM parquet_metadata($1)', [
      file,
    ]);

    // Assert
    expect(leaves).toEqual([
      { name: 'id', type: 'INT64', converted_type: 'INT_64', precision: null, scale: null },
      { name: 'kind', type: 'BYTE_ARRAY', converted_type: 'UTF8', precision: null, scale: null },
      { name: 'price', type: 'FIXED_LEN_BYTE_ARRAY', converted_type: 'DECIMAL', precision: '20', scale: '2' },
      { name: 'seen', type: 'INT64', converted_type: 'TIMESTAMP_MICROS', precision: null, scale: null },
    ]);
    expect(codecs).toEqual([{ compression: 'ZSTD' }]);
  });

  it('partitions into Hive directories, leaving the partition column out of the files', async () => {
    // Arrange
    const out = join(directory, 'out');

    // Act
    const rows = await copyToParquet(connection, { select: SELECT, directory: out, partitionBy: ['kind'] });

    // Assert: values are percent-encoded, NULL is Hive's default partition
    expect(rows).toBe(10);
    expect(readdirSync(out).sort()).toEqual(['kind=__HIVE_DEFAULT_PARTITION__', 'kind=a%2Fb']);
    const file = join(out, 'kind=a%2Fb', 'data_0.parquet');
    expect((await describeParquet(connection, file)).map(({ name }) => name)).toEqual([
      'id',
      'price',
      'seen',
    ]);
    expect(await countParquetRows(connection, file)).toBe(5);
  });
});

describe('describeParquet', () => {
  it('lists the written columns with the DuckDB types they read back as', async () => {
    // Arrange
    const out = join(directory, 'out');
    await copyToParquet(connection, { select: SELECT, directory: out });

    // Act
    const schema = await describeParquet(connection, join(out, 'data_0.parquet'));

    // Assert
    expect(schema).toEqual([
      { name: 'id', duckdbType: 'BIGINT' },
      { name: 'price', duckdbType: 'DECIMAL(20,2)' },
      { name: 'seen', duckdbType: 'TIMESTAMP' },
      { name: 'kind', duckdbType: 'VARCHAR' },
    ]);
  });
});
