/**
 * Runs every benchmark in scripts/bench (each `*.ts` file but this one), one after the other in
 * its own Node process, passing the command line through (e.g. `npm run bench -- --10m`).
 */
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

const benches = readdirSync(__dirname)
  .filter((name) => name.endsWith('.ts') && name !== 'index.ts')
  .sort();
let failed = false;
for (const name of benches) {
  console.log(`\n=== ${name}`);
  const run = spawnSync(
    process.execPath,
    ['--import', 'tsx', join(__dirname, name), ...process.argv.slice(2)],
    {
      stdio: 'inherit',
    },
  );
  failed ||= run.status !== 0;
}
process.exitCode = failed ? 1 : 0;
