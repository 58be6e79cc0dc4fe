/**
 * The snapshot pipeline end to end on the real MariaDB and PostgreSQL test servers: the
 * marketplace fixture is exported the way RDS does it (simulated export), the source's
 * synthesized state machine runs locally to the end (lib/local), and DuckDB reads the curated
 * Parquet back against the source. Then the failure paths: a failed export, a transform killed
 * mid-way and retried, a re-run of the same run, an unknown column in the config, and schema
 * drift between two runs.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type DataLakeConfig, loadConfig, parseConfig } from '../../lib/config';
import { parseExportInfo } from '../../lib/core/export';
import { runStart } from '../../lib/core/metrics';
import { manifestKey } from '../../lib/core/pipeline';
import { openDuckdb, queryRows, withConnection } from '../../lib/duckdb';
import { DuckdbCatalog } from '../../lib/local/DuckdbCatalog';
import { LOCAL_BUCKETS, localLakePaths } from '../../lib/local/localCatalogPaths';
import { runLocal } from '../../lib/local/runLocal';
import { readRunLog } from '../../lib/local/runLog';
import type { JSONValue } from '../../lib/local/runStateMachine';
import { verifyCuratedRun } from '../../scripts/demo/verifyCuratedRun';
import { loadFixture, mariadbQuery, mariadbUrl, postgresUrl } from '../helpers/databases';
import { runFixtureSource } from './runFixtureSource';

const CONFIG = loadConfig(join(__dirname, '../fixtures/marketplace/lake.yaml'));
const RUN_1 = '20261123T030000Z';
const RUN_2 = '20261124T030000Z';

let lakeDirs: string[] = [];

function lakeDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'e2e-lake-'));
  lakeDirs.push(dir);
  return dir;
}

/** Rows and distinct ids of one run of a curated table. */
async function curatedCounts(curatedDir: string, source: string, table: string, runId: string) {
  const duckdb = await openDuckdb({ threads: 1 });
  try {
    return await withConnection(duckdb, async (connection) => {
      const glob = join(curatedDir, source, table, '**', `run=${runId}`, '*.parquet');
      const [row] = await queryRows(
        connection,
        `SELECT count(*)::INTEGER AS rows, count(DISTINCT id)::INTEGER AS ids FROM read_parquet('${glob}', hive_partitioning = false)`,
      );
      return { rows: Number(row?.rows), ids: Number(row?.ids) };
    });
  } finally {
    duckdb.closeSync();
  }
}

/** The fixture lake with only its service source, whose tables (as a config file has them) are replaced. */
function serviceConfig(tables: readonly unknown[]): DataLakeConfig {
  const json = JSON.parse(JSON.stringify(CONFIG)) as DataLakeConfig;
  const service = json.sources.find((source) => source.name === 'service');
  return parseConfig({ ...json, sources: [{ ...service, tables }] });
}

beforeAll(async () => {
  await loadFixture('mysql');
  await loadFixture('postgres');
}, 60_000);

afterAll(async () => {
  for (const dir of lakeDirs) rmSync(dir, { recursive: true, force: true });
  lakeDirs = [];
  await mariadbQuery('DROP TABLE IF EXISTS drift_e2e');
});

describe('snapshot pipeline end to end', () => {
  it.each([
    ['service', 'mysql'],
    ['payments', 'postgres'],
  ])(
    'curates every table of %s (%s) exactly: rows, values, dropped, masked, types',
    async (sourceName) => {
      // Arrange
      const dir = lakeDir();
      const url = sourceName === 'service' ? mariadbUrl() : postgresUrl();
      const source = CONFIG.sources.find((candidate) => candidate.name === sourceName) ?? fail('no source');

      // Act
      const run = await runLocal({ config: CONFIG, lakeDir: dir, sourceUrl: url, sourceName });
      const checks = await verifyCuratedRun({
        source,
        curatedDir: join(localLakePaths(dir).buckets, LOCAL_BUCKETS.curated),
        runId: run.runId,
      });

      // Assert: five checks per table, all passing
      expect(run.status).toBe('SUCCEEDED');
      expect(checks).toHaveLength(source.tables.length * 5);
      expect(checks.filter((check) => !check.ok)).toEqual([]);
    },
    60_000,
  );

  it('measures a table’s freshness from its export’s snapshot time, not the run’s start', async () => {
    // Arrange: the simulated export stands in for the export task; its snapshot time is when it
    // began reading the database, which the describe stand-in gives as SnapshotTime
    const dir = lakeDir();
    const config = serviceConfig(CONFIG.sources[0]?.tables.filter((table) => table.name === 'users') ?? []);

    // Act
    const run = await runLocal({ config, lakeDir: dir, sourceUrl: mariadbUrl(), sourceName: 'service' });

    // Assert: the plan the commit read carried it into the run log's as-of time
    const raw = join(localLakePaths(dir).buckets, LOCAL_BUCKETS.raw);
    const [infoFile] = readdirSync(raw, { recursive: true, encoding: 'utf8' }).filter((file) =>
      /export_info_.*\.json$/.test(file),
    );
    const info = parseExportInfo(
      JSON.parse(readFileSync(join(raw, infoFile ?? fail('no export info')), 'utf8')),
      'info',
    );
    const logged = (await readRunLog(localLakePaths(dir).runLog)).find((entry) => entry.runId === run.runId);
    expect(run.status).toBe('SUCCEEDED');
    expect(info.snapshotTime).toMatch(/^\d{4}-\d{2}-\d{2}T.*Z$/);
    expect(logged?.tables.map((table) => [table.table, table.asOf])).toEqual([['users', info.snapshotTime]]);
    expect(info.snapshotTime).not.toBe(runStart(run.runId).toISOString());
  });

  it('ends a failed export in ExportFailed with RDS’s cause, and curates nothing', async () => {
    // Arrange
    const dir = lakeDir();

    // Act
    const { result, plan, curatedDir } = await runFixtureSource({
      config: CONFIG,
      sourceName: 'service',
      url: mariadbUrl(),
      lakeDir: dir,
      runId: RUN_1,
      sdk: {
        'rds:describeExportTasks': () => ({
          ExportTasks: [{ Status: 'FAILED', FailureCause: 'The KMS key is disabled.' }],
        }),
      },
    });

    // Assert
    expect(result).toEqual({
      status: 'FAILED',
      error: 'ExportFailed',
      cause: 'RDS export fixture-service-20261123t030000z ended FAILED: The KMS key is disabled.',
    });
    expect(plan).toBeUndefined();
    expect(await curatedCounts(curatedDir, 'service', 'users', RUN_1).catch(() => undefined)).toBeUndefined();
  });

  it('fails the run naming a table the export skipped', async () => {
    // Act
    const { result } = await runFixtureSource({
      config: CONFIG,
      sourceName: 'service',
      url: mariadbUrl(),
      lakeDir: lakeDir(),
      runId: RUN_1,
      exportFailures: {
        orders: { kind: 'status', status: 'SKIPPED', warningMessage: 'Row too large to export' },
      },
    });

    // Assert
    expect(result).toMatchObject({ status: 'FAILED', error: 'TableExportError' });
    expect(result.status === 'FAILED' ? result.cause : '').toMatch(/marketplace\.orders.*SKIPPED/s);
  });

  it('retries a transform killed after uploading, before its manifest: no duplicate rows', async () => {
    // Arrange: orders in 3 parts; the first attempt of part 1 uploads its files, then dies
    const config = serviceConfig(CONFIG.sources[0]?.tables.filter((table) => table.name === 'orders') ?? []);
    let killed = 0;

    // Act
    const { result, curatedDir } = await runFixtureSource({
      config,
      sourceName: 'service',
      url: mariadbUrl(),
      lakeDir: lakeDir(),
      runId: RUN_1,
      rowsPerPart: 8,
      wrapTransform: (transform, store) => async (input: JSONValue) => {
        const task = input as { part: { index: number } };
        const output = await transform(input);
        if (task.part.index === 1 && killed === 0) {
          killed += 1;
          await store.delete(LOCAL_BUCKETS.curated, [manifestKey('service', 'orders', RUN_1, 1)]);
          throw Object.assign(new Error('Task timed out after 900.00 seconds'), { name: 'States.Timeout' });
        }
        return output;
      },
    });

    // Assert
    const [source] = await mariadbQuery('SELECT COUNT(*) AS n FROM orders');
    expect(result.status).toBe('SUCCEEDED');
    expect(killed).toBe(1);
    expect(await curatedCounts(curatedDir, 'service', 'orders', RUN_1)).toEqual({
      rows: Number(source?.n),
      ids: Number(source?.n),
    });
  });

  it('re-runs the same run id idempotently: the same rows, once', async () => {
    // Arrange
    const config = serviceConfig(CONFIG.sources[0]?.tables.filter((table) => table.name === 'users') ?? []);
    const dir = lakeDir();
    const options = {
      config,
      sourceName: 'service',
      url: mariadbUrl(),
      lakeDir: dir,
      runId: RUN_1,
      rowsPerPart: 8,
    };
    await runFixtureSource(options);

    // Act
    const again = await runFixtureSource({ ...options, exportExists: true });

    // Assert
    expect(again.result.status).toBe('SUCCEEDED');
    expect(await curatedCounts(again.curatedDir, 'service', 'users', RUN_1)).toEqual({ rows: 20, ids: 20 });
  });

  it('fails the plan on a config rule for a column the source lacks, naming it', async () => {
    // Arrange
    const config = serviceConfig([
      {
        ...(CONFIG.sources[0]?.tables.find((table) => table.name === 'users') ?? fail('no users')),
        columns: { email: { mask: 'hash', drop: false }, e_mail: { mask: 'hash', drop: false } },
      },
    ]);

    // Act
    const { result } = await runFixtureSource({
      config,
      sourceName: 'service',
      url: mariadbUrl(),
      lakeDir: lakeDir(),
      runId: RUN_1,
    });

    // Assert
    expect(result).toMatchObject({ status: 'FAILED', error: 'UnknownColumnError' });
    expect(result.status === 'FAILED' ? result.cause : '').toContain('e_mail');
  });

  it('follows schema drift between two runs: a new column excluded and reported, a widened one widened', async () => {
    // Arrange: a table of its own, so other suites' fixture loads do not race the ALTER
    await mariadbQuery('DROP TABLE IF EXISTS drift_e2e');
    await mariadbQuery(
      'CREATE TABLE drift_e2e (id INT UNSIGNED PRIMARY KEY, email VARCHAR(100) NOT NULL, score SMALLINT NULL)',
    );
    await mariadbQuery(
      "INSERT INTO drift_e2e VALUES (1, 'kim@example.com', 7), (2, 'lee@example.com', NULL)",
    );
    const config = serviceConfig([
      { name: 'drift_e2e', pool: 'small', columns: { email: { mask: 'hash' } } },
    ]);
    const dir = lakeDir();
    const run = (runId: string) =>
      runFixtureSource({ config, sourceName: 'service', url: mariadbUrl(), lakeDir: dir, runId });
    const first = await run(RUN_1);
    await mariadbQuery(
      'ALTER TABLE drift_e2e ADD COLUMN referral_code VARCHAR(20) NULL, MODIFY score INT NULL',
    );
    await mariadbQuery(
      "UPDATE drift_e2e SET referral_code = 'REF-SECRET-42', score = 2000000000 WHERE id = 1",
    );

    // Act
    const second = await run(RUN_2);

    // Assert: the plan reports the new column, the run leaves it out, the catalog widens score
    expect(first.result.status).toBe('SUCCEEDED');
    expect(second.result.status).toBe('SUCCEEDED');
    expect(second.plan?.pools.small?.[0]?.table.excludedNewColumns).toEqual(['referral_code']);
    const catalog = await DuckdbCatalog.open({ file: second.catalogFile, bucketsRoot: join(dir, 'buckets') });
    const table = await catalog.getTable(second.database, 'drift_e2e').finally(() => catalog.close());
    expect(table?.columns.map((column) => [column.name, column.type])).toEqual([
      ['id', 'bigint'],
      ['email', 'string'],
      ['score', 'int'],
    ]);
    const checks = await verifyDriftRun(second.curatedDir);
    expect(checks).toEqual({ columns: ['id', 'email', 'score'], maxScore: 2000000000, leaked: false });
  }, 60_000);
});

/** The second drift run's curated columns, its widest score, and whether the new column's value leaked. */
async function verifyDriftRun(curatedDir: string) {
  const duckdb = await openDuckdb({ threads: 1 });
  try {
    return await withConnection(duckdb, async (connection) => {
      const glob = join(curatedDir, 'service', 'drift_e2e', `run=${RUN_2}`, '*.parquet');
      const described = await queryRows(
        connection,
        `DESCRIBE SELECT * FROM read_parquet('${glob}', hive_partitioning = false)`,
      );
      const [max] = await queryRows(
        connection,
        `SELECT max(score)::BIGINT AS m FROM read_parquet('${glob}', hive_partitioning = false)`,
      );
      const files = (await queryRows(connection, `SELECT file FROM glob('${glob}')`)).map((row) =>
        String(row.file),
      );
      const leaked = files.some((file) => readFileSync(file).includes('REF-SECRET-42'));
      return { columns: described.map((row) => row.column_name), maxScore: Number(max?.m), leaked };
    });
  } finally {
    duckdb.closeSync();
  }
}
