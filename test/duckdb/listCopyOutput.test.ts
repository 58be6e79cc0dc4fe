import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataLakeError } from '../../lib/core/errors';
import { copyToParquet, listCopyOutput, openDuckdb, withConnection } from '../../lib/duckdb';

describe('listCopyOutput', () => {
  let directory: string;

  beforeEach(() => {
    directory = mkdtempSync(join(tmpdir(), 'copy-output-'));
  });

  afterEach(() => rmSync(directory, { recursive: true, force: true }));

  it("decodes DuckDB's partition directories: UTF-8, escaped characters, NULL left out", async () => {
    // Arrange
    const duckdb = await openDuckdb({ threads: 1 });
    const out = join(directory, 'out');
    await withConnection(duckdb, (connection) =>
      copyToParquet(connection, {
        select: `SELECT * FROM (VALUES (1, '서울/강남 50%', '2024'), (2, NULL, '2024')) AS t(id, city, y)`,
        directory: out,
        partitionBy: ['y', 'city'],
      }),
    );
    duckdb.closeSync();

    // Act
    const files = await listCopyOutput(out, ['y', 'city']);

    // Assert: in order of the encoded names ('%' sorts before '_')
    expect(files.map(({ partitionValues, fileIndex }) => ({ partitionValues, fileIndex }))).toEqual([
      { partitionValues: { y: '2024', city: '서울/강남 50%' }, fileIndex: 0 },
      { partitionValues: { y: '2024' }, fileIndex: 0 },
    ]);
  });

  it('numbers several files of one partition in name order', async () => {
    // Arrange
    mkdirSync(join(directory, 'k=a'));
    for (const name of ['data_1.parquet', 'data_0.parquet']) writeFileSync(join(directory, 'k=a', name), '');

    // Act
    const files = await listCopyOutput(directory, ['k']);

    // Assert
    expect(files).toEqual([
      { path: join(directory, 'k=a', 'data_0.parquet'), partitionValues: { k: 'a' }, fileIndex: 0 },
      { path: join(directory, 'k=a', 'data_1.parquet'), partitionValues: { k: 'a' }, fileIndex: 1 },
    ]);
  });

  it('refuses directories that do not match the partition keys', async () => {
    // Arrange
    mkdirSync(join(directory, 'other=a'));
    writeFileSync(join(directory, 'other=a', 'data_0.parquet'), '');

    // Act
    const act = listCopyOutput(directory, ['k']);

    // Assert
    await expect(act).rejects.toThrow(DataLakeError);
    await expect(listCopyOutput(directory, ['k'])).rejects.toThrow('directory "other=a"; expected "k=…"');
  });
});
