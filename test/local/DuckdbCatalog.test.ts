import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CatalogTable } from '../../lib/core/commit';
import { commitLayout, curatedView, latestDedupe } from '../../lib/core/commit';
import { openDuckdb, queryRows, withConnection } from '../../lib/duckdb';
import { attachCatalog } from '../../lib/local/attachCatalog';
import { DuckdbCatalog } from '../../lib/local/DuckdbCatalog';
import { describeCatalogContract } from '../contracts/catalogContract';

const DB = 'demo_marketplace';
const RUN = '20261123T030005Z';
const NEXT = '20261124T030005Z';

let root: string;
let buckets: string;
let file: string;

/** Writes a Parquet file with DuckDB into the local curated bucket. */
async function writeParquet(key: string, select: string): Promise<void> {
  const path = join(buckets, 'curated', key);
  mkdirSync(join(path, '..'), { recursive: true });
  const duckdb = await openDuckdb();
  await withConnection(duckdb, (connection) =>
    connection.run(`COPY (${select}) TO '${path}' (FORMAT parquet)`),
  );
  duckdb.closeSync();
}

/** Runs SQL against the catalog file the way `datalake query --local` does. */
async function query(sql: string) {
  const duckdb = await openDuckdb();
  try {
    return await withConnection(duckdb, async (connection) => {
      await attachCatalog(connection, file, true);
      return queryRows(connection, sql);
    });
  } finally {
    duckdb.closeSync();
  }
}

function usersTable(runId: string): CatalogTable {
  return {
    name: 'users',
    columns: [
      { name: 'id', type: 'bigint' },
      { name: 'email', type: 'string' },
    ],
    partitionKeys: [],
    location: `s3://curated/marketplace/users/run=${runId}/`,
    parameters: { datalake_run_id: runId },
  };
}

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'duckdb-catalog-'));
  buckets = join(root, 'buckets');
  file = join(root, 'catalog.duckdb');
});

afterEach(() => rmSync(root, { recursive: true, force: true }));

describeCatalogContract('DuckdbCatalog on a DuckDB file', async () => {
  const catalog = await DuckdbCatalog.open({ file, bucketsRoot: buckets });
  return { catalog, close: () => catalog.close() };
});

describe('DuckdbCatalog', () => {
  it('creates a view over the Parquet files at an unpartitioned table’s location', async () => {
    // Arrange
    await writeParquet(
      `marketplace/users/run=${RUN}/part-00000-000.parquet`,
      "SELECT 1::BIGINT AS id, 'a' AS email",
    );
    await writeParquet(
      `marketplace/users/run=${RUN}/part-00001-000.parquet`,
      "SELECT 2::BIGINT AS id, 'b' AS email",
    );
    const catalog = await DuckdbCatalog.open({ file, bucketsRoot: buckets });

    // Act
    await catalog.createTable(DB, usersTable(RUN));
    catalog.close();

    // Assert
    expect(await query(`SELECT id, email FROM ${DB}.users ORDER BY id`)).toEqual([
      { id: '1', email: 'a' },
      { id: '2', email: 'b' },
    ]);
  });

  it('switches the view to the new run when the table is updated', async () => {
    // Arrange
    await writeParquet(
      `marketplace/users/run=${RUN}/part-00000-000.parquet`,
      "SELECT 1::BIGINT AS id, 'old' AS email",
    );
    await writeParquet(
      `marketplace/users/run=${NEXT}/part-00000-000.parquet`,
      "SELECT 7::BIGINT AS id, 'new' AS email",
    );
    const catalog = await DuckdbCatalog.open({ file, bucketsRoot: buckets });
    await catalog.createTable(DB, usersTable(RUN));

    // Act
    await catalog.updateTable(DB, usersTable(NEXT));
    catalog.close();

    // Assert
    expect(await query(`SELECT id, email FROM ${DB}.users`)).toEqual([{ id: '7', email: 'new' }]);
  });

  it('reads partition keys as strings from each partition’s run directory, and stops reading deleted partitions', async () => {
    // Arrange
    const items: CatalogTable = {
      name: 'items',
      columns: [{ name: 'id', type: 'bigint' }],
      partitionKeys: ['created_at_month'],
      location: 's3://curated/marketplace/items/',
      parameters: {},
    };
    for (const [month, id] of [
      ['2024-01', 1],
      ['2024-02', 2],
      ['2024-03', 3],
    ] as const) {
      await writeParquet(
        `marketplace/items/created_at_month=${month}/run=${RUN}/part-00000-000.parquet`,
        `SELECT ${id}::BIGINT AS id`,
      );
    }
    const partition = (month: string) => ({
      values: [month],
      location: `s3://curated/marketplace/items/created_at_month=${month}/run=${RUN}/`,
    });
    const catalog = await DuckdbCatalog.open({ file, bucketsRoot: buckets });
    await catalog.createTable(DB, items);

    // Act
    await catalog.createPartitions(DB, items, [
      partition('2024-01'),
      partition('2024-02'),
      partition('2024-03'),
    ]);
    await catalog.deletePartitions(DB, 'items', [partition('2024-03')]);
    await catalog.upsertView(
      DB,
      curatedView({
        database: DB,
        name: 'items_latest',
        from: 'items',
        columns: items.columns,
        partitionKeys: items.partitionKeys,
      }),
    );
    catalog.close();

    // Assert
    expect(await query(`SELECT id, created_at_month FROM ${DB}.items_latest ORDER BY id`)).toEqual([
      { id: '1', created_at_month: '2024-01' },
      { id: '2', created_at_month: '2024-02' },
    ]);
  });

  it('gives a table without files an empty view with its columns typed', async () => {
    // Arrange
    const catalog = await DuckdbCatalog.open({ file, bucketsRoot: buckets });

    // Act
    await catalog.createTable(DB, usersTable(RUN));
    catalog.close();

    // Assert
    expect(await query(`DESCRIBE ${DB}.users`)).toMatchObject([
      { column_name: 'id', column_type: 'BIGINT' },
      { column_name: 'email', column_type: 'VARCHAR' },
    ]);
    expect(await query(`SELECT count(*) AS n FROM ${DB}.users`)).toEqual([{ n: '0' }]);
  });
});

describe('DuckdbCatalog, incremental table', () => {
  const { partitionKeys } = commitLayout('incremental', []);
  const columns = [
    { name: 'id', type: 'bigint' },
    { name: 'email', type: 'string' },
    { name: 'updated_at', type: 'timestamp' },
  ];
  const table: CatalogTable = {
    name: 'users__deltas',
    columns,
    partitionKeys,
    location: 's3://curated/marketplace/users/',
    parameters: {},
  };
  const runPartition = (run: string) => ({
    values: [run],
    location: `s3://curated/marketplace/users/run=${run}/`,
  });

  const LATER = '20261125T030005Z';
  const view = (name: string, runsUpTo: string, dedupe?: Parameters<typeof curatedView>[0]['dedupe']) =>
    curatedView({
      database: DB,
      name,
      from: table.name,
      columns,
      partitionKeys,
      runsUpTo,
      ...(dedupe === undefined ? {} : { dedupe }),
      ...(name === 'users' ? { parameters: { datalake_run_id: runsUpTo } } : {}),
    });

  /**
   * Commits RUN (row 1) and NEXT (rows in `next`) the way commitTable does for an incremental
   * table, then registers a partition of LATER (row 3) whose commit has not switched the views.
   */
  async function twoRuns(next: string): Promise<void> {
    await writeParquet(
      `marketplace/users/run=${RUN}/part-00000-000.parquet`,
      "SELECT 1::BIGINT AS id, 'old@x' AS email, TIMESTAMP '2026-11-23 01:00:00' AS updated_at",
    );
    await writeParquet(`marketplace/users/run=${NEXT}/part-00000-000.parquet`, next);
    await writeParquet(
      `marketplace/users/run=${LATER}/part-00000-000.parquet`,
      "SELECT 3::BIGINT AS id, 'uncommitted@x' AS email, TIMESTAMP '2026-11-25 01:00:00' AS updated_at",
    );
    const { dedupe } = latestDedupe({
      label: 'marketplace.users',
      table: 'users',
      accumulatesRuns: true,
      primaryKey: ['id'],
      watermarkColumn: 'updated_at',
      columns,
    });
    const catalog = await DuckdbCatalog.open({ file, bucketsRoot: buckets });
    try {
      await catalog.createTable(DB, table);
      await catalog.createPartitions(DB, table, [runPartition(RUN)]);
      await catalog.upsertView(DB, view('users', RUN));
      await catalog.createPartitions(DB, table, [runPartition(NEXT)]);
      await catalog.upsertView(DB, view('users', NEXT));
      await catalog.upsertView(DB, view('users_latest', NEXT, dedupe));
      await catalog.createPartitions(DB, table, [runPartition(LATER)]);
    } finally {
      catalog.close();
    }
  }

  const UPDATE_AND_INSERT = `SELECT * FROM (VALUES
    (1::BIGINT, 'new@x', TIMESTAMP '2026-11-24 02:00:00'),
    (2::BIGINT, 'two@x', TIMESTAMP '2026-11-24 02:30:00')) AS t(id, email, updated_at)`;

  it('drops the DuckDB views of deleted views and tables', async () => {
    // Arrange
    await twoRuns(UPDATE_AND_INSERT);
    const catalog = await DuckdbCatalog.open({ file, bucketsRoot: buckets });

    // Act
    await catalog.deleteTable(DB, 'users_latest');
    await catalog.deleteTable(DB, 'users');
    await catalog.deleteTable(DB, table.name);
    catalog.close();

    // Assert
    expect(
      await query(`SELECT table_name FROM information_schema.tables WHERE table_schema = '${DB}'`),
    ).toEqual([]);
  });

  it('shows every version of every committed run in the table, each with its run, and no uncommitted run', async () => {
    // Arrange
    await twoRuns(UPDATE_AND_INSERT);

    // Act
    const rows = await query(`SELECT id, email, run FROM ${DB}.users ORDER BY run, id`);

    // Assert
    expect(rows).toEqual([
      { id: '1', email: 'old@x', run: RUN },
      { id: '1', email: 'new@x', run: NEXT },
      { id: '2', email: 'two@x', run: NEXT },
    ]);
  });

  it("keeps the second run's version of an updated row and the inserted row in users_latest", async () => {
    // Arrange
    await twoRuns(UPDATE_AND_INSERT);

    // Act
    const rows = await query(`SELECT id, email, run FROM ${DB}.users_latest ORDER BY id`);

    // Assert
    expect(rows).toEqual([
      { id: '1', email: 'new@x', run: NEXT },
      { id: '2', email: 'two@x', run: NEXT },
    ]);
  });

  it('lets the newer run win when two versions have the same watermark', async () => {
    // Arrange
    await twoRuns(
      "SELECT 1::BIGINT AS id, 'same-second@x' AS email, TIMESTAMP '2026-11-23 01:00:00' AS updated_at",
    );

    // Act
    const rows = await query(`SELECT id, email, run FROM ${DB}.users_latest`);

    // Assert
    expect(rows).toEqual([{ id: '1', email: 'same-second@x', run: NEXT }]);
  });
});
