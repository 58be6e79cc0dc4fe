/**
 * `npm run integ`: deploys the integ check (test/integ/integ.lake.ts) to the account and region of
 * the current AWS credentials, which runs its assertions, judges the assertion outputs, then
 * destroys every stack, pass or fail. `npm run integ -- --keep` leaves the stacks for a look;
 * `npm run integ -- --bench[=<rows>]` also seeds the extract bench's table (1,000,000 rows by
 * default) and, once the check has deployed, runs the extract bench in its Lambda against the
 * replica and prints its figures (test/integ/checks/runExtractBench.ts).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EXTRACT_BENCH_TABLE } from '../../scripts/bench/extractBenchTable';
import { benchFunctionName, integBenchRows, integCdkArgs, integVerdict } from './checks/integRun';
import { benchLambdaClient, runExtractBench } from './checks/runExtractBench';
import { EXTRACT_BENCH_OUTPUT } from './IntegBenchStack';
import { INTEG_LAKE_NAME } from './integLakeConfig';

/** The expectations buildIntegLake registers: two per pipeline (run, counts) and two for events. */
const EXPECTED_ASSERTIONS = 6;

type Outputs = Record<string, Record<string, string>>;

function cdk(args: readonly string[]): number {
  const run = spawnSync('npx', [...args], {
    stdio: 'inherit',
    env: { ...process.env, CDK_DISABLE_VERSION_CHECK: '1' },
  });
  return run.status ?? 1;
}

function readOutputs(file: string): Outputs | undefined {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
}

/** Runs the extract bench on the deployed function and prints its figures; false when it could not. */
async function bench(outputs: Outputs | undefined, rows: number): Promise<boolean> {
  try {
    const functionName = benchFunctionName(outputs, `${INTEG_LAKE_NAME}-bench`, EXTRACT_BENCH_OUTPUT);
    const lines = await runExtractBench(benchLambdaClient(), {
      functionName,
      table: EXTRACT_BENCH_TABLE,
      rows,
    });
    for (const line of lines) console.log(line);
    return true;
  } catch (error) {
    console.error(`extract bench FAILED: ${error instanceof Error ? error.message : String(error)}`);
    return false;
  }
}

async function main(): Promise<number> {
  const benchRows = integBenchRows(process.argv.slice(2));
  const outputsFile = join(mkdtempSync(join(tmpdir(), 'datalake-integ-')), 'outputs.json');
  const deployStatus = cdk(integCdkArgs('deploy', outputsFile, benchRows));
  const outputs = readOutputs(outputsFile);
  const verdict = integVerdict(deployStatus, outputs, EXPECTED_ASSERTIONS);
  for (const line of verdict.lines) console.log(line);
  // The bench reads the replica once the check's runs are over; its target is reported, not enforced.
  const benched = benchRows === undefined || deployStatus !== 0 ? true : await bench(outputs, benchRows);
  const destroyStatus = process.argv.includes('--keep')
    ? 0
    : cdk(integCdkArgs('destroy', undefined, benchRows));
  if (destroyStatus !== 0) console.error('cdk destroy failed: delete the dlinteg-* stacks by hand');
  return verdict.passed && benched && destroyStatus === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
