/**
 * `npm run integ`: deploys the integ check (test/integ/integ.lake.ts) to the account and region of
 * the current AWS credentials, which runs its assertions, judges the assertion outputs, then
 * destroys every stack, pass or fail. `npm run integ -- --keep` leaves the stacks for a look.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { integCdkArgs, integVerdict } from './checks/integRun';

/** The expectations buildIntegLake registers: two per pipeline (run, counts) and two for events. */
const EXPECTED_ASSERTIONS = 6;

function cdk(args: readonly string[]): number {
  const run = spawnSync('npx', [...args], {
    stdio: 'inherit',
    env: { ...process.env, CDK_DISABLE_VERSION_CHECK: '1' },
  });
  return run.status ?? 1;
}

function readOutputs(file: string): Record<string, Record<string, string>> | undefined {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
}

const outputsFile = join(mkdtempSync(join(tmpdir(), 'datalake-integ-')), 'outputs.json');
const deployStatus = cdk(integCdkArgs('deploy', outputsFile));
const verdict = integVerdict(deployStatus, readOutputs(outputsFile), EXPECTED_ASSERTIONS);
for (const line of verdict.lines) console.log(line);
const destroyStatus = process.argv.includes('--keep') ? 0 : cdk(integCdkArgs('destroy'));
if (destroyStatus !== 0) console.error('cdk destroy failed: delete the dlinteg-* stacks by hand');
process.exit(verdict.passed && destroyStatus === 0 ? 0 : 1);
