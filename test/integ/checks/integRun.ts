import { EXTRACT_BENCH_MIN_ROWS } from '../../../scripts/bench/extractBenchTable';
import { assertionCount, failedAssertions } from './failedAssertions';

/** The CDK app of the integ check, as the CDK CLI runs it. */
export const INTEG_APP = 'npx tsx test/integ/integ.lake.ts';

/** Where the integ check's cloud assembly goes, apart from the lake's own `cdk.out`. */
export const INTEG_OUTDIR = 'test/integ/cdk.out';

/** The CDK context key that carries the bench's row count from `npm run integ -- --bench` to the app. */
export const BENCH_ROWS_CONTEXT = 'benchRows';

/** Rows of the bench table with a bare `--bench`: what `npm run bench` reads locally. */
export const DEFAULT_BENCH_ROWS = 1_000_000;

/**
 * The most rows the seed is asked to write: it has one Lambda run (15 minutes at most) on a
 * `db.t4g.micro` with 20 GiB. A guard against typos, not a measured limit.
 */
export const MAX_BENCH_ROWS = 10_000_000;

/**
 * The bench's row count from a command-line or context value: `true` (a bare `--bench`) is
 * {@link DEFAULT_BENCH_ROWS}, `undefined` no bench.
 *
 * @throws Error naming `from` and the value when it is not a whole number of rows from 1,000 to 10,000,000
 * @example
 * ```ts
 * benchRows('100000', '--bench'); // 100000
 * ```
 */
export function benchRows(value: unknown, from: string): number | undefined {
  if (value === undefined) return undefined;
  if (value === true) return DEFAULT_BENCH_ROWS;
  const rows =
    typeof value === 'number' || (typeof value === 'string' && /^\d+$/.test(value))
      ? Number(value)
      : Number.NaN;
  if (!Number.isInteger(rows) || rows < EXTRACT_BENCH_MIN_ROWS || rows > MAX_BENCH_ROWS) {
    throw new Error(
      `${from}: got ${JSON.stringify(value)}; allowed: a whole number of rows from ${EXTRACT_BENCH_MIN_ROWS} to ${MAX_BENCH_ROWS}`,
    );
  }
  return rows;
}

/**
 * The bench's row count from `npm run integ` arguments: `--bench` or `--bench=<rows>`.
 *
 * @example
 * ```ts
 * integBenchRows(['--keep', '--bench=200000']); // 200000
 * ```
 */
export function integBenchRows(argv: readonly string[]): number | undefined {
  const flag = argv.find((arg) => arg === '--bench' || arg.startsWith('--bench='));
  if (flag === undefined) return undefined;
  return benchRows(flag === '--bench' ? true : flag.slice('--bench='.length), '--bench');
}

/** How many stacks CloudFormation deploys at once, where their dependencies allow. */
const CONCURRENCY = '4';

/**
 * The CDK CLI arguments of one step of the check: deploy every stack (the assertion stack last:
 * it depends on the others) writing the outputs to `outputsFile`, or destroy them all; with
 * `bench` rows, the app also seeds the bench table and deploys the bench function.
 *
 * @example
 * ```ts
 * integCdkArgs('destroy'); // ['cdk', 'destroy', '--app', INTEG_APP, '--output', INTEG_OUTDIR, '--all', '--force']
 * ```
 */
export function integCdkArgs(step: 'deploy' | 'destroy', outputsFile?: string, bench?: number): string[] {
  // Destroy takes the same context: the bench's stack exists only in an app that has it.
  const context = bench === undefined ? [] : ['--context', `${BENCH_ROWS_CONTEXT}=${bench}`];
  const common = ['--app', INTEG_APP, '--output', INTEG_OUTDIR, '--all', ...context];
  if (step === 'destroy') return ['cdk', 'destroy', ...common, '--force'];
  if (outputsFile === undefined) throw new Error('integCdkArgs: deploy needs an outputs file');
  return [
    'cdk',
    'deploy',
    ...common,
    '--require-approval',
    'never',
    '--concurrency',
    CONCURRENCY,
    '--outputs-file',
    outputsFile,
  ];
}

/**
 * The bench function's name from a deployment's outputs (`IntegBenchStack`'s output in stack
 * `stack`).
 *
 * @throws Error naming the stack and output when the deployment did not report it
 * @example
 * ```ts
 * benchFunctionName(outputs, 'dlinteg-bench', 'ExtractBenchFunctionName'); // 'dlinteg-bench-ExtractBench…'
 * ```
 */
export function benchFunctionName(
  outputs: Readonly<Record<string, Readonly<Record<string, string>>>> | undefined,
  stack: string,
  output: string,
): string {
  const name = outputs?.[stack]?.[output];
  if (name === undefined || name === '') {
    throw new Error(`The deployment reported no output ${stack}.${output}: was the bench stack deployed?`);
  }
  return name;
}

/** What a finished deployment says about the check. */
export interface IntegVerdict {
  readonly passed: boolean;
  /** What to print, one line each. */
  readonly lines: readonly string[];
}

/**
 * Whether the check passed: the deployment succeeded (a wait that timed out fails it) and every
 * assertion output reports success, with at least `expectedAssertions` of them.
 *
 * @example
 * ```ts
 * integVerdict(0, outputs, 6); // { passed: true, lines: ['6 assertions passed'] }
 * ```
 */
export function integVerdict(
  deployStatus: number,
  outputs: Readonly<Record<string, Readonly<Record<string, string>>>> | undefined,
  expectedAssertions: number,
): IntegVerdict {
  if (deployStatus !== 0 || outputs === undefined) {
    return {
      passed: false,
      lines: [
        `cdk deploy failed (exit ${deployStatus}): a pipeline run, a count or the archive did not reach what was expected in time, or a stack did not deploy; the CloudFormation events of the failed stack say which`,
      ],
    };
  }
  const failed = failedAssertions(outputs);
  const count = assertionCount(outputs);
  if (failed.length > 0) {
    return {
      passed: false,
      lines: failed.map((failure) => `FAILED ${failure.stack}.${failure.output}: ${failure.message}`),
    };
  }
  if (count < expectedAssertions) {
    return {
      passed: false,
      lines: [`only ${count} of ${expectedAssertions} assertions reported a result`],
    };
  }
  return { passed: true, lines: [`${count} assertions passed`] };
}
