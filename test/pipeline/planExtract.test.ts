/**
 * planExtract and incremental runs against the real test servers: chunk plans from the fixture
 * keys, and two incremental runs committed with commitTable on a local DuckDB catalog, each
 * planned from the watermark the previous commit recorded with its run.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DuckDBInstance } from '@duckdb/node-api';
import { openReplicaReader, type ReplicaReader } from '../../lib/adapters/database';
import { parseConfig, type SourceConfig, type TableConfig } from '../../lib/config';
import { type CommittedWatermark, committedWatermark } from '../../lib/core/commit';
import { RowCountMismatchError } from '../../lib/core/errors';
import type { ExtractPlan } from '../../lib/core/extract';
import { runIdAt } from '../../lib/core/pipeline';
import { quoteLiteral } from '../../lib/core/transform';
import { openDuckdb, queryRows, withConnection } from '../../lib/duckdb';
import { attachCatalog } from '../../lib/local/attachCatalog';
import { DuckdbCatalog } from '../../lib/local/DuckdbCatalog';
import { FileObjectStore } from '../../lib/local/FileObjectStore';
import { commitTable } from '../../lib/pipeline/commitTable';
import { extractChunk } from '../../lib/pipeline/extractChunk';
import { planExtract } from '../../lib/pipeline/planExtract';
import { marketplaceSource } from '../helpers/configFactory';
import { loadFixture, mariadbQuery, postgresQuery, testReplicaEndpoint } from '../helpers/databases';

type Engine = 'mysql' | 'postgres';

function reader(engine: Engine): ReplicaReader {
  return openReplicaReader(testReplicaEndpoint(engine, { poolSize: 2 }));
}

const CONFIG = parseConfig({
  name: 'plan-test',
  sources: [
    marketplaceSource({
      defaultMode: 'replica-query',
      tables: [
        { name: 'orders', columns: { legacy_amount: { cast: 'string' } } },
        {
          name: 'users',
          mode: 'incremental',
          watermarkColumn: 'updated_at',
          columns: { email: { mask: 'hash' } },
        },
      ],
    }),
    {
      name: 'payments',
      engine: 'postgres',
      database: 'payments',
      primary: { instanceIdentifier: 'payments-db' },
      credentialsSecretArn: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:payments-AbCdEf',
      defaultMode: 'replica-query',
      tables: [{ name: 'extract_no_key' }],
    },
  ],
});

const sourceOf = (engine: Engine): SourceConfig =>
  CONFIG.sources.find((source) => source.engine === engine) as SourceConfig;
const tableOf = (engine: Engine, name: string, chunkSize: number): TableConfig => ({
  ...(sourceOf(engine).tables.find((table) => table.name === name) as TableConfig),
  chunkSize,
});

let readers: Record<Engine, ReplicaReader>;
let root: string;

beforeAll(async () => {
  await Promise.all([loadFixture('mysql'), loadFixture('postgres')]);
  await postgresQuery('DROP TABLE IF EXISTS extract_no_key');
  await postgresQuery(
    "CREATE TABLE extract_no_key AS SELECT n AS a, 'row ' || n AS b FROM generate_series(1, 25) AS n",
  );
  readers = { mysql: reader('mysql'), postgres: reader('postgres') };
}, 60_000);

afterAll(async () => {
  await postgresQuery('DROP TABLE IF EXISTS extract_no_key');
  await Promise.all(Object.values(readers ?? {}).map((open) => open.close()));
  await loadFixture('mysql');
});

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'plan-extract-'));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('planExtract', () => {
  it('splits a dense integer key into ranges and counts the rows', async () => {
    // Act
    const planned = await planExtract(
      {
        source: sourceOf('mysql'),
        table: tableOf('mysql', 'orders', 8),
        runId: '20261123T030005Z',
        runStart: new Date(),
      },
      { reader: readers.mysql },
    );

    // Assert
    expect(planned.plan.expectedRows).toBe(20);
    expect(planned.chunks.map((chunk) => chunk.bounds)).toEqual([
      { kind: 'range', column: 'id', from: '1', to: '8' },
      { kind: 'range', column: 'id', from: '9', to: '16' },
      { kind: 'range', column: 'id', from: '17', to: '20' },
    ]);
  });

  it('reads a table without a primary key in one chunk, with a warning', async () => {
    // Act
    const planned = await planExtract(
      {
        source: sourceOf('postgres'),
        table: tableOf('postgres', 'extract_no_key', 10),
        runId: '20261123T030005Z',
        runStart: new Date(),
      },
      { reader: readers.postgres },
    );

    // Assert
    expect(planned.chunks).toEqual([{ index: 0, bounds: { kind: 'all' } }]);
    expect(planned.warnings).toEqual([
      'public.extract_no_key has no single-column primary key (none): read in one chunk of 25 rows; chunkSize 10 does not apply',
    ]);
  });
});

describe('planExtract plan fields', () => {
  it('records the mode, the watermark column and the primary key read from the replica', async () => {
    // Act
    const { plan } = await planExtract(
      {
        source: sourceOf('mysql'),
        table: tableOf('mysql', 'users', 1000),
        runId: '20261123T030005Z',
        runStart: new Date('2030-01-01T00:00:00Z'),
      },
      { reader: readers.mysql },
    );

    // Assert
    expect([plan.mode, plan.watermarkColumn, plan.primaryKey]).toEqual(['incremental', 'updated_at', ['id']]);
  });

  it('records no primary key for a table without one', async () => {
    // Act
    const { plan } = await planExtract(
      {
        source: sourceOf('postgres'),
        table: tableOf('postgres', 'extract_no_key', 10),
        runId: '20261123T030005Z',
        runStart: new Date(),
      },
      { reader: readers.postgres },
    );

    // Assert
    expect([plan.mode, plan.primaryKey]).toEqual(['replica-query', undefined]);
  });
});

describe('incremental runs', () => {
  const firstStart = new Date('2030-01-01T00:00:00Z');
  const secondStart = new Date('2031-01-01T00:00:00Z');
  let duckdb: DuckDBInstance;
  let catalog: DuckdbCatalog;
  let store: FileObjectStore;

  beforeEach(async () => {
    await loadFixture('mysql');
    duckdb = await openDuckdb({ threads: 1 });
    store = new FileObjectStore(join(root, 'lake'));
    catalog = await DuckdbCatalog.open({
      file: join(root, 'catalog.duckdb'),
      bucketsRoot: join(root, 'lake'),
    });
  });
  afterEach(() => {
    catalog.close();
    duckdb.closeSync();
  });

  /** The run and watermark the last commit of users recorded with its view. */
  async function committed(): Promise<CommittedWatermark | undefined> {
    return committedWatermark((await catalog.getTable('service', 'users'))?.parameters);
  }

  async function plan(runStart: Date): Promise<ExtractPlan> {
    const last = await committed();
    return planExtract(
      {
        source: sourceOf('mysql'),
        table: tableOf('mysql', 'users', 1000),
        runId: runIdAt(runStart),
        runStart,
        safetyLagSeconds: 0,
        ...(last === undefined ? {} : { committed: last }),
      },
      { reader: readers.mysql },
    );
  }

  async function extractAll(planned: ExtractPlan): Promise<void> {
    for (const chunk of planned.chunks) {
      await extractChunk(
        { plan: planned.plan, chunk, curatedBucket: 'curated' },
        { reader: readers.mysql, objectStore: store, duckdb, salt: 'salt', tempRoot: root },
      );
    }
  }

  function commit(planned: ExtractPlan, expectedParts = planned.chunks.length) {
    return commitTable(
      { plan: planned.plan, database: 'service', curatedBucket: 'curated', expectedParts },
      { objectStore: store, catalog },
    );
  }

  async function idsOfRun(runId: string): Promise<string[]> {
    const rows = await withConnection(duckdb, (connection) =>
      queryRows(
        connection,
        `SELECT CAST(id AS VARCHAR) AS id FROM read_parquet(${quoteLiteral(join(root, 'lake', 'curated', 'service', 'users', `run=${runId}`, '*.parquet'))}) ORDER BY id`,
      ),
    );
    return rows.map((row) => String(row.id));
  }

  it('reads an UPDATE (watermark bumped) and an INSERT made between two runs in the second run', async () => {
    // Arrange
    const [inFirstWindow] = await mariadbQuery(
      "SELECT COUNT(*) AS n FROM users WHERE updated_at <= '2030-01-01 00:00:00'",
    );
    const first = await plan(firstStart);
    await extractAll(first);
    await commit(first);
    await mariadbQuery(
      "UPDATE users SET nickname = '바뀐 닉네임', updated_at = '2030-06-01 00:00:00.000001' WHERE id = 5",
    );
    await mariadbQuery(
      "INSERT INTO users (id, email, name, created_at, updated_at) VALUES (100, 'new.user@example.com', '신규', '2030-06-02 00:00:00', '2030-06-02 00:00:00')",
    );

    // Act
    const second = await plan(secondStart);
    await extractAll(second);
    await commit(second);

    // Assert
    expect((await idsOfRun(first.plan.runId)).length).toBe(Number(inFirstWindow?.n));
    expect(second.watermark).toMatchObject({
      after: '2030-01-01 00:00:00.000000',
      through: '2031-01-01 00:00:00.000000',
    });
    expect(await idsOfRun(second.plan.runId)).toEqual(['100', '5']);
    expect(await committed()).toEqual({
      runId: second.plan.runId,
      value: '2031-01-01 00:00:00.000000',
    });
    expect(second.plan.window).toEqual({
      through: '2031-01-01 00:00:00.000000',
      afterRun: first.plan.runId,
    });
  });

  it('keeps the committed watermark when the commit fails, so the next run reads the same window', async () => {
    // Arrange
    const first = await plan(firstStart);
    await extractAll(first);
    await commit(first);
    const before = await committed();
    await mariadbQuery("UPDATE users SET updated_at = '2030-06-01 00:00:00' WHERE id = 5");
    const second = await plan(secondStart);
    await extractAll(second);

    // Act: one part more than written, so the commit's verification refuses the run.
    const attempt = commit(second, second.chunks.length + 1);

    // Assert
    await expect(attempt).rejects.toThrow(RowCountMismatchError);
    expect(await committed()).toEqual(before);
    expect((await plan(secondStart)).watermark).toMatchObject({ after: before?.value });
  });

  it('shows both runs in the local table and the newest version per id in users_latest', async () => {
    // Arrange
    const first = await plan(firstStart);
    await extractAll(first);
    await commit(first);
    await mariadbQuery(
      "UPDATE users SET nickname = '바뀐 닉네임', updated_at = '2030-06-01 00:00:00.000001' WHERE id = 1",
    );
    await mariadbQuery(
      "INSERT INTO users (id, email, name, created_at, updated_at) VALUES (100, 'new.user@example.com', '신규', '2030-06-02 00:00:00', '2030-06-02 00:00:00')",
    );
    const second = await plan(secondStart);
    await extractAll(second);
    await commit(second);
    catalog.close();

    // Act
    const reading = await openDuckdb({ threads: 1 });
    const [counts, latestOne] = await withConnection(reading, async (connection) => {
      await attachCatalog(connection, join(root, 'catalog.duckdb'), true);
      return [
        await queryRows(
          connection,
          'SELECT (SELECT count(*) FROM service.users) AS all_versions, (SELECT count(*) FROM service.users_latest) AS latest, (SELECT count(DISTINCT id) FROM service.users) AS ids',
        ),
        await queryRows(
          connection,
          "SELECT nickname, run FROM service.users_latest WHERE CAST(id AS VARCHAR) = '1'",
        ),
      ];
    });
    reading.closeSync();
    catalog = await DuckdbCatalog.open({
      file: join(root, 'catalog.duckdb'),
      bucketsRoot: join(root, 'lake'),
    });

    // Assert
    const firstRows = first.plan.expectedRows;
    expect(counts).toEqual([
      { all_versions: String(firstRows + 2), latest: String(firstRows + 1), ids: String(firstRows + 1) },
    ]);
    expect(latestOne).toEqual([{ nickname: '바뀐 닉네임', run: second.plan.runId }]);
  });
});
