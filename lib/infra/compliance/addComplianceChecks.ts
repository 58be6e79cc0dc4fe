import { Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';

/**
 * Runs the cdk-nag AwsSolutions rule pack on every synth of `scope`.
 *
 * An error-level finding fails the synth by itself; warnings are turned into a
 * failure by {@link readValidationFindings} in the app entry point, so the only way
 * past a finding is `Validations.of(construct).acknowledge({ id, reason })` on the
 * narrowest construct, with the reason written down.
 *
 * @example
 * ```ts
 * const app = new App();
 * addComplianceChecks(app);
 * ```
 */
export function addComplianceChecks(scope: IConstruct): void {
  Validations.of(scope).addPlugins(new AwsSolutionsChecks(scope, { verbose: true }));
}
