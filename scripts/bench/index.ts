/**
 * Runs every benchmark in scripts/bench, one after the other in its own Node process, passing the
 * command line through (e.g. `npm run bench -- --10m`), then prints every target they checked and
 * exits non-zero when one was missed.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { printTargets, targetsEnvironment } from './targets';

/** The bench scripts; the folder's other files are modules they (and the integ check) share. */
const BENCHES = ['client.ts', 'extract.ts', 'relay.ts', 'synth.ts', 'transform.ts'];
const folder = mkdtempSync(join(tmpdir(), 'bench-targets-'));
const targetsFile = join(folder, 'targets.jsonl');
const failed: string[] = [];
for (const name of BENCHES) {
  console.log(`\n=== ${name}`);
  const run = spawnSync(
    process.execPath,
    ['--import', 'tsx', join(__dirname, name), ...process.argv.slice(2)],
    {
      stdio: 'inherit',
      env: targetsEnvironment(targetsFile),
    },
  );
  if (run.status !== 0) failed.push(`${name} (exit ${run.status ?? run.signal})`);
}
console.log('\n=== targets');
const allMet = printTargets(targetsFile);
// A bench that failed recorded none or only some of its targets: say so under the table.
if (failed.length > 0) console.log(`FAILED, so not every target was measured: ${failed.join(', ')}.`);
rmSync(folder, { recursive: true, force: true });
process.exitCode = failed.length > 0 || !allMet ? 1 : 0;
