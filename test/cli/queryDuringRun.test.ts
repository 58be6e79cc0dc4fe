import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { nextLine, startCatalogWriter } from '../helpers/catalogWriter';
import { datalake } from '../helpers/runDatalake';

describe('datalake query --local while another process writes the catalog', () => {
  let lake: string;
  let writer: ChildProcessWithoutNullStreams;

  beforeAll(async () => {
    lake = mkdtempSync(join(tmpdir(), 'query-during-run-'));
    writer = await startCatalogWriter(join(lake, 'catalog.duckdb'));
  });

  afterAll(() => {
    writer.stdin.end();
    rmSync(lake, { recursive: true, force: true });
  });

  it('answers while the writer holds DuckDB’s write lock, with the rows it committed (still in its WAL)', async () => {
    // Act
    const result = await datalake(
      'query',
      '--local',
      '--lake-dir',
      lake,
      '--format',
      'csv',
      'SELECT count(*) AS n FROM shop_main.events',
    );

    // Assert: the rows are only in the write-ahead log, not yet checkpointed into the file
    expect(statSync(join(lake, 'catalog.duckdb.wal')).size).toBeGreaterThan(0);
    expect(result.stderr).not.toContain('lock');
    expect(result.code).toBe(0);
    expect(result.stdout.trim()).toBe('n\n3');
  });

  it('leaves the writer free to commit, and the next query sees that commit', async () => {
    // Act
    writer.stdin.write('add 2\n');
    const added = await nextLine(writer);
    const result = await datalake(
      'query',
      '--local',
      '--lake-dir',
      lake,
      '--format',
      'csv',
      'SELECT count(*) AS n FROM shop_main.events',
    );

    // Assert
    expect(added).toBe('added');
    expect(result.code).toBe(0);
    expect(result.stdout.trim()).toBe('n\n5');
  });
});
