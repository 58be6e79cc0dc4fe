/**
 * `npm run demo:snapshot [lake dir]`: the snapshot pipeline end to end on this machine.
 *
 * 1. starts the MariaDB and PostgreSQL test servers (scripts/services/databases.sh) and loads
 *    the marketplace fixture into both (test/fixtures/marketplace/*.sql);
 * 2. for each source of test/fixtures/marketplace/lake.yaml, simulates the RDS export and runs
 *    the synthesized state machine locally to the end (lib/local `runLocal`);
 * 3. checks the curated output with DuckDB against the source: row counts, exact values,
 *    dropped and masked columns, curated types (see `verifyCuratedRun`), and prints a few
 *    rows through the local catalog, as an analyst would query them.
 *
 * Exits 1 when a run or a check fails. The lake directory defaults to a fresh temp directory.
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { loadConfig } from '../../lib/config';
import { LOCAL_BUCKETS, localLakePaths } from '../../lib/local/localCatalogPaths';
import { queryLocalCatalog } from '../../lib/local/queryLocalCatalog';
import { runLocal } from '../../lib/local/runLocal';
import { loadFixture, mariadbUrl, postgresUrl, runServiceScript } from '../../test/helpers/databases';
import { verifyCuratedRun } from './verifyCuratedRun';

const CONFIG_PATH = resolve(__dirname, '../../test/fixtures/marketplace/lake.yaml');

async function main(): Promise<number> {
  const started = Date.now();
  const services = runServiceScript('databases', 'start');
  if (services.status !== 0) {
    console.error(`scripts/services/databases.sh start failed:\n${services.stderr}${services.stdout}`);
    return 1;
  }
  await loadFixture('mysql');
  await loadFixture('postgres');
  const config = loadConfig(CONFIG_PATH);
  const lakeDir = process.argv[2] ?? (await mkdtemp(join(tmpdir(), 'datalake-demo-')));
  const paths = localLakePaths(lakeDir);
  const urls: Record<string, string> = { mysql: mariadbUrl(), postgres: postgresUrl() };
  console.log(`Marketplace fixture loaded; lake directory ${paths.root}\n`);

  let failures = 0;
  for (const source of config.sources) {
    const run = await runLocal({ config, lakeDir, sourceUrl: urls[source.engine], sourceName: source.name });
    console.log(`${source.name} (${source.engine}): run ${run.runId} ${run.status}`);
    const checks = await verifyCuratedRun({
      source,
      curatedDir: join(paths.buckets, LOCAL_BUCKETS.curated),
      runId: run.runId,
    });
    for (const check of checks) {
      console.log(
        `  ${check.ok ? 'ok  ' : 'FAIL'} ${check.table.padEnd(14)} ${check.check.padEnd(8)} ${check.detail}`,
      );
    }
    failures += checks.filter((check) => !check.ok).length;
    console.log('');
  }

  const sample = await queryLocalCatalog(
    paths.catalogFile,
    `SELECT id, email, phone, name, display_name FROM ${config.name}_service.users ORDER BY id LIMIT 3`,
  );
  console.log('Analyst view (local catalog, as Athena would show it):');
  console.log(`  ${sample.columns.map((column) => column.name).join(' | ')}`);
  for (const row of sample.rows) console.log(`  ${row.map((value) => String(value)).join(' | ')}`);

  console.log(
    `\n${failures === 0 ? 'All checks passed' : `${failures} check(s) failed`} in ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );
  return failures === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
