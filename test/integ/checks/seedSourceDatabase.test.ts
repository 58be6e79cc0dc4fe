import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { demoMarketplace } from '../../../lib/local/demo/demoMarketplace';
import { seedStatements } from './seedStatements';

const REPO_ROOT = join(__dirname, '../../..');

describe('seedSourceDatabase (on PGlite, an embedded PostgreSQL, in a child process)', () => {
  let observed: {
    expected: { snapshot: Record<string, number>; replica: Record<string, number> };
    counts: Record<string, number>;
    readerCount: number;
    readerBenchCount: number;
    readerWriteError?: string;
    failedSeedError?: string;
    tablesAfterFailure: unknown[];
  };

  beforeAll(() => {
    const run = spawnSync('npx', ['tsx', 'test/integ/checks/seedOnPglite.ts'], {
      cwd: REPO_ROOT,
      encoding: 'utf8',
    });
    if (run.status !== 0) throw new Error(`seedOnPglite.ts exited ${run.status}: ${run.stderr}`);
    observed = JSON.parse(run.stdout);
  }, 60_000);

  it('writes the rows the integ check expects in Athena, counted by the check’s own query', () => {
    expect(observed.counts).toEqual({ ...observed.expected.snapshot, ...observed.expected.replica });
    expect(observed.counts).toEqual({
      users: 400,
      items: 900,
      payments: 1000,
      orders: 1200,
      chat_messages: 1500,
    });
  });

  it('creates a login that reads every table and writes none', () => {
    expect(observed.readerCount).toBe(1000);
    expect(observed.readerWriteError).toMatch(/permission denied for table users/);
  });

  it('writes the extract bench’s table when asked, with the rows asked for (read above by the login)', () => {
    expect(observed.readerBenchCount).toBe(2000);
  });

  it('leaves nothing behind when a statement fails', () => {
    expect(observed.failedSeedError).toMatch(/role "lake_reader" already exists/);
    expect(observed.tablesAfterFailure).toEqual([]);
  });
});

describe('seedStatements', () => {
  it('binds every value and stays under PostgreSQL’s 65,535 parameters per statement', () => {
    // Act
    const statements = seedStatements(demoMarketplace());

    // Assert
    for (const statement of statements) {
      const placeholders = statement.text.match(/\$\d+/g) ?? [];
      expect(placeholders).toHaveLength(statement.values.length);
      expect(statement.values.length).toBeLessThanOrEqual(65_535);
      expect(statement.text).not.toContain("'");
    }
  });

  it('splits a wide table into statements of at most 65,535 parameters', () => {
    // Arrange: 3 columns, so 21,845 rows per statement
    const rows = Array.from({ length: 30_000 }, (_, id) => [id, 'a', 'b']);

    // Act
    const statements = seedStatements([{ name: 'users', columns: ['id', 'x', 'y'], rows }], 100_000);

    // Assert
    expect(statements.map((statement) => statement.values.length)).toEqual([65_535, (30_000 - 21_845) * 3]);
  });
});
