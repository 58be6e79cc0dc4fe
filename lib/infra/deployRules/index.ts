import { alarmEvaluationRanges } from './alarmEvaluationRanges';
import type { DeployRule, DeployRuleViolation } from './DeployRule';
import { lambdaVpcPermissions } from './lambdaVpcPermissions';
import { nameLimits } from './nameLimits';
import { payloadLimits } from './payloadLimits';
import { resourceSchemas } from './resourceSchemas';
import type { SynthesizedStack } from './SynthesizedStack';
import { securityGroupVpcs } from './securityGroupVpcs';
import { stateMachineDefinitions } from './stateMachineDefinitions';

export type { DeployRule, DeployRuleViolation } from './DeployRule';
export { type SynthesizedStack, synthesizedStacks } from './SynthesizedStack';
export { TemplateValues } from './TemplateValues';

/** AWS's deploy-time rules that the lake's templates are checked against on every synth. */
export const DEPLOY_RULES: readonly DeployRule[] = [
  lambdaVpcPermissions,
  securityGroupVpcs,
  nameLimits,
  payloadLimits,
  resourceSchemas,
  stateMachineDefinitions,
  alarmEvaluationRanges,
];

/**
 * Every violation of `rules` in the synthesized stacks.
 *
 * @example
 * ```ts
 * const violations = checkDeployRules(synthesizedStacks(app.synth()));
 * if (violations.length > 0) console.error(formatViolations(violations));
 * ```
 */
export function checkDeployRules(
  stacks: readonly SynthesizedStack[],
  rules: readonly DeployRule[] = DEPLOY_RULES,
): DeployRuleViolation[] {
  return rules.flatMap((rule) => rule.check(stacks));
}

/** One line per violation: rule, stack/resource and what is wrong, with the rule's documentation at the end. */
export function formatViolations(violations: readonly DeployRuleViolation[], rules = DEPLOY_RULES): string {
  const lines = violations.map(
    (v) => `  [${v.rule}] ${v.stack}${v.resource ? `/${v.resource}` : ''}: ${v.message}`,
  );
  const used = rules.filter((rule) => violations.some((v) => v.rule === rule.id));
  return [...lines, ...used.map((rule) => `  ${rule.id}: ${rule.documentation}`)].join('\n');
}
