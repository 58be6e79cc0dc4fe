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
let failed = false;
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
  failed ||= run.status !== 0;
}
console.log('\n=== targets');
const allMet = printTargets(targetsFile);
rmSync(folder, { recursive: true, force: true });
process.exitCode = failed || !allMet ? 1 : 0;
