/**
 * Issue 17, deliverable 4, on the real MariaDB server through the CLI: a replica run where one of two
 * incremental tables fails (a `cast: integer` its text cannot hold) commits the other, which is
 * then queryable and shown by `datalake status --local`; the run exits FAILED naming the failed
 * table and its cause. The failed table's window stays where it was: once the cast is fixed the
 * next run reads it from the start, while the committed table reads on after its watermark.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mariadbQuery, mariadbUrl } from '../../helpers/databases';
import { datalake } from '../../helpers/runDatalake';

/** This suite's own database on the shared server: never the marketplace fixture. */
const DATABASE = 'failsem_replica';

/** The config: source `shop`, two incremental tables on `id`, `failsem_bad.code` cast to integer unless `fixed`. */
function writeConfig(file: string, fixed: boolean): void {
  const cast = fixed ? '' : ', columns: { code: { cast: integer } }';
  writeFileSync(
    file,
    [
      'name: failsem',
      'pools: [{ name: small, maxConcurrency: 2 }]',
      'sources:',
      '  - name: shop',
      '    engine: mysql',
      `    database: ${DATABASE}`,
      '    primary: { instanceIdentifier: shop-db }',
      '    credentialsSecretArn: arn:aws:secretsmanager:eu-west-1:123456789012:secret:shop-AbCdEf',
      '    defaultMode: incremental',
      '    includeTables: listed',
      '    tables:',
      '      - { name: failsem_ok, pool: small, watermarkColumn: id }',
      `      - { name: failsem_bad, pool: small, watermarkColumn: id${cast} }`,
      '',
    ].join('\n'),
  );
}

/** The test server's URL on this suite's database. */
function sourceUrl(): string {
  const url = new URL(mariadbUrl());
  url.pathname = `/${DATABASE}`;
  return url.toString();
}

describe('datalake local, a replica run where one of two tables fails', () => {
  let dir: string;
  let lake: string;
  let config: string;

  beforeAll(async () => {
    await mariadbQuery(`DROP DATABASE IF EXISTS ${DATABASE}`);
    await mariadbQuery(`CREATE DATABASE ${DATABASE}`);
    await mariadbQuery(`CREATE TABLE ${DATABASE}.failsem_ok (id INT PRIMARY KEY, name VARCHAR(20) NOT NULL)`);
    await mariadbQuery(
      `CREATE TABLE ${DATABASE}.failsem_bad (id INT PRIMARY KEY, code VARCHAR(20) NOT NULL)`,
    );
    await mariadbQuery(`INSERT INTO ${DATABASE}.failsem_ok VALUES (1, 'one'), (2, 'two'), (3, 'three')`);
    // 'x9' cannot be an integer: the extract's cast fails on it.
    await mariadbQuery(`INSERT INTO ${DATABASE}.failsem_bad VALUES (1, '7'), (2, 'x9')`);
    dir = mkdtempSync(join(tmpdir(), 'cli-replica-failure-'));
    lake = join(dir, 'lake');
    config = join(dir, 'failsem.yaml');
  });

  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await mariadbQuery(`DROP DATABASE IF EXISTS ${DATABASE}`);
  });

  it('commits the other table, queryable and shown by status, and exits 1 naming the failed table and its cause; fixed, the next run reads the failed table from the start', async () => {
    // Arrange
    writeConfig(config, false);

    // Act
    const failed = await datalake('local', '--config', config, '--lake-dir', lake, '--source', sourceUrl());
    const query = await datalake(
      'query',
      '--local',
      '--lake-dir',
      lake,
      '--format',
      'json',
      'SELECT id, name FROM failsem_shop.failsem_ok ORDER BY id',
    );
    const status = await datalake('status', '--local', '--lake-dir', lake, '--config', config, '--json');

    // Assert: the run failed on failsem_bad only, naming it and why
    expect(failed.code).toBe(1);
    expect(failed.stderr).toContain('Data lake failsem: shop replica run FAILED: 1 table failed');
    expect(failed.stderr).toMatch(/Failed tables \(1\):\n- failsem_bad: chunk 0: [^\n]*(x9|INT32|integer)/i);
    expect(failed.stderr).not.toMatch(/- failsem_ok:/);
    // failsem_ok is committed and queryable
    expect(query.code).toBe(0);
    expect(JSON.parse(query.stdout)).toEqual([
      { id: 1, name: 'one' },
      { id: 2, name: 'two' },
      { id: 3, name: 'three' },
    ]);
    // datalake status --local shows the committed table and the failed one
    expect(status.code).toBe(0);
    const report = JSON.parse(status.stdout) as {
      tables: { table: string; runId: string }[];
      runs: { table: string; status: string }[];
      pipelines: { pipeline: string; lastRun?: { status: string; error?: string } }[];
    };
    expect(report.tables.map((table) => table.table)).toEqual(['failsem_ok']);
    expect(report.runs).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ table: 'failsem_ok', status: 'done' }),
        expect.objectContaining({ table: 'failsem_bad', status: expect.stringMatching(/^failed/) }),
      ]),
    );
    expect(report.pipelines.find((pipeline) => pipeline.pipeline === 'replica')?.lastRun).toMatchObject({
      status: 'FAILED',
      error: expect.stringContaining('failsem_bad'),
    });

    // Arrange: the cast fixed, one new row in each table
    writeConfig(config, true);
    await mariadbQuery(`INSERT INTO ${DATABASE}.failsem_ok VALUES (4, 'four')`);
    await mariadbQuery(`INSERT INTO ${DATABASE}.failsem_bad VALUES (3, '8')`);

    // Act
    const fixed = await datalake('local', '--config', config, '--lake-dir', lake, '--source', sourceUrl());
    const rows = await datalake(
      'query',
      '--local',
      '--lake-dir',
      lake,
      '--format',
      'json',
      "SELECT 'ok' AS t, CAST(count(*) AS INTEGER) AS n FROM failsem_shop.failsem_ok UNION ALL SELECT 'bad', CAST(count(*) AS INTEGER) FROM failsem_shop.failsem_bad ORDER BY t",
    );

    // Assert: failsem_bad's window had not moved (all 3 rows now); failsem_ok read on after id 3
    expect(fixed.code).toBe(0);
    expect(JSON.parse(rows.stdout)).toEqual([
      { t: 'bad', n: 3 },
      { t: 'ok', n: 4 },
    ]);
  }, 180_000);
});
