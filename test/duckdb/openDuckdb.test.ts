import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataLakeError } from '../../lib/core/errors';
import { openDuckdb, queryRows, withConnection } from '../../lib/duckdb';

describe('openDuckdb', () => {
  it('applies the memory limit, temp directory, threads and insertion order', async () => {
    // Arrange
    const temp = mkdtempSync(join(tmpdir(), 'duckdb-temp-'));
    const duckdb = await openDuckdb({ memoryLimit: '256MB', tempDirectory: temp, threads: 1 });

    // Act
    const [settings] = await withConnection(duckdb, (connection) =>
      queryRows(
        connection,
        `SELECT current_setting('memory_limit') AS memory, current_setting('temp_directory') AS temp,
                current_setting('threads') AS threads, current_setting('preserve_insertion_order') AS ordered`,
      ),
    );

    // Assert: DuckDB reports 256MB (10^6 bytes) in MiB
    expect(settings).toEqual({ memory: '244.1 MiB', temp, threads: '1', ordered: false });
    duckdb.closeSync();
    rmSync(temp, { recursive: true, force: true });
  });

  it.each([
    [
      { memoryLimit: '512' },
      'Invalid DuckDB memoryLimit: received "512"; allowed: a size such as 512MB or 1.5GB',
    ],
    [{ memoryLimit: '1GB; SELECT 1' }, 'Invalid DuckDB memoryLimit: received "1GB; SELECT 1"'],
    [{ threads: 0 }, 'Invalid DuckDB threads: received 0; allowed: an integer of at least 1'],
  ])('refuses %p', async (options, message) => {
    // Act
    const act = openDuckdb(options);

    // Assert
    await expect(act).rejects.toThrow(DataLakeError);
    await expect(openDuckdb(options)).rejects.toThrow(message);
  });

  it("registers pg_array_json, which the type mapping's array SQL calls, for every connection", async () => {
    // Arrange
    const duckdb = await openDuckdb({ threads: 1 });

    // Act
    const rows = await Promise.all(
      [1, 2].map(() =>
        withConnection(duckdb, (connection) =>
          queryRows(connection, `SELECT pg_array_json('{a,"b c",NULL}', 1, '"tags"') AS json`),
        ),
      ),
    );

    // Assert
    expect(rows).toEqual([[{ json: '["a","b c",null]' }], [{ json: '["a","b c",null]' }]]);
    duckdb.closeSync();
  });
});
