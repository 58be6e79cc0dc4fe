/** One assertion that did not hold, as its stack output reports it. */
export interface FailedAssertion {
  readonly stack: string;
  /** The output's key: `AssertionResults<Service><Api><hash>`. */
  readonly output: string;
  readonly message: string;
}

/** The prefix integ-tests-alpha gives the output of each API call with an expectation. */
const ASSERTION_OUTPUT = /^AssertionResults/;

/**
 * Judges a deployment's outputs (`cdk deploy --outputs-file`) as integ-runner does: each
 * `AssertionResults…` output holds `{"status":"success"}` or `{"status":"fail","message":…}`.
 * An expectation with `waitForAssertions` fails the deployment itself when it times out; one
 * without only reports here, so this is read after every deployment.
 *
 * @throws Error when an assertion output is not the JSON integ-tests-alpha writes
 * @example
 * ```ts
 * failedAssertions({ Assert: { AssertionResultsLambdaInvoke1a2b: '{"status":"fail","message":"Expected 400 but received 0"}' } });
 * // [{ stack: 'Assert', output: 'AssertionResultsLambdaInvoke1a2b', message: 'Expected 400 but received 0' }]
 * ```
 */
export function failedAssertions(
  outputs: Readonly<Record<string, Readonly<Record<string, string>>>>,
): FailedAssertion[] {
  const failed: FailedAssertion[] = [];
  for (const [stack, stackOutputs] of Object.entries(outputs)) {
    for (const [output, value] of Object.entries(stackOutputs)) {
      if (!ASSERTION_OUTPUT.test(output)) continue;
      const result: unknown = JSON.parse(value);
      if (typeof result !== 'object' || result === null || !('status' in result)) {
        throw new Error(`Output ${stack}.${output} is not an assertion result: ${value}`);
      }
      if (result.status === 'success') continue;
      const message = 'message' in result && typeof result.message === 'string' ? result.message : value;
      failed.push({ stack, output, message });
    }
  }
  return failed;
}

/**
 * Counts the assertion outputs of a deployment, so a run that reported none (the assertion stack
 * was not deployed) is not taken for a pass.
 */
export function assertionCount(outputs: Readonly<Record<string, Readonly<Record<string, string>>>>): number {
  return Object.values(outputs).flatMap((stackOutputs) =>
    Object.keys(stackOutputs).filter((key) => ASSERTION_OUTPUT.test(key)),
  ).length;
}
