import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { openDuckdb, queryRows, withConnection } from '../../lib/duckdb';
import { attachCatalog } from '../../lib/local/attachCatalog';
import { snapshotCatalog } from '../../lib/local/snapshotCatalog';
import { nextLine, startCatalogWriter } from '../helpers/catalogWriter';

describe('snapshotCatalog', () => {
  let lake: string;
  let writer: ChildProcessWithoutNullStreams;

  beforeAll(async () => {
    lake = mkdtempSync(join(tmpdir(), 'snapshot-catalog-'));
    writer = await startCatalogWriter(join(lake, 'catalog.duckdb'));
  });

  afterAll(() => {
    writer.stdin.end();
    rmSync(lake, { recursive: true, force: true });
  });

  it('copies whole commits only, while the writer commits every 10 ms and checkpoints', async () => {
    // Arrange: for 4 s the writer commits every 10 ms (a real run commits a few times per
    // table), each commit a batch of rows and a view naming it, and checkpoints every 25th
    writer.stdin.write('churn 4000 10\n');
    const churned = nextLine(writer);
    const seen: { batch: number; rows: number; newest: number }[] = [];

    // Act: snapshot and read back as often as possible meanwhile
    const until = Date.now() + 3500;
    while (Date.now() < until) {
      const snapshot = await snapshotCatalog(join(lake, 'catalog.duckdb'));
      const duckdb = await openDuckdb({ threads: 1 });
      try {
        const [row] = await withConnection(duckdb, async (connection) => {
          await attachCatalog(connection, snapshot.file, true);
          return queryRows(
            connection,
            'SELECT (SELECT batch FROM shop_main.last_batch) AS batch, (SELECT count(*) FROM shop_main.batches)::INTEGER AS rows, (SELECT coalesce(max(batch), 0) FROM shop_main.batches) AS newest',
          );
        });
        seen.push({ batch: Number(row?.batch), rows: Number(row?.rows), newest: Number(row?.newest) });
      } finally {
        duckdb.closeSync();
        await snapshot.dispose();
      }
    }
    const commits = Number((await churned).split(' ')[1]);

    // Assert: each copy holds whole commits only: the view names the newest batch, 20 rows each
    expect(commits).toBeGreaterThan(50);
    expect(seen.length).toBeGreaterThan(5);
    expect(seen.filter(({ batch, rows, newest }) => batch !== newest || rows !== 20 * batch)).toEqual([]);
    expect(seen.some(({ batch }) => batch > 0)).toBe(true);
  }, 30_000);

  it('removes its copy on dispose', async () => {
    // Act
    const snapshot = await snapshotCatalog(join(lake, 'catalog.duckdb'));
    const copied = existsSync(snapshot.file);
    await snapshot.dispose();

    // Assert
    expect(copied).toBe(true);
    expect(existsSync(dirname(snapshot.file))).toBe(false);
  });
});
