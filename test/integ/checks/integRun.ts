import { assertionCount, failedAssertions } from './failedAssertions';

/** The CDK app of the integ check, as the CDK CLI runs it. */
export const INTEG_APP = 'npx tsx test/integ/integ.lake.ts';

/** Where the integ check's cloud assembly goes, apart from the lake's own `cdk.out`. */
export const INTEG_OUTDIR = 'test/integ/cdk.out';

/** How many stacks CloudFormation deploys at once, where their dependencies allow. */
const CONCURRENCY = '4';

/**
 * The CDK CLI arguments of one step of the check: deploy every stack (the assertion stack last:
 * it depends on the others) writing the outputs to `outputsFile`, or destroy them all.
 *
 * @example
 * ```ts
 * integCdkArgs('destroy'); // ['cdk', 'destroy', '--app', INTEG_APP, '--output', INTEG_OUTDIR, '--all', '--force']
 * ```
 */
export function integCdkArgs(step: 'deploy' | 'destroy', outputsFile?: string): string[] {
  const common = ['--app', INTEG_APP, '--output', INTEG_OUTDIR, '--all'];
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
