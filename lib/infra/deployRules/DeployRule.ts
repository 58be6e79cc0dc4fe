import type { SynthesizedStack } from './SynthesizedStack';

/** A place where a synthesized app breaks one of AWS's deploy-time rules. */
export interface DeployRuleViolation {
  /** The rule broken: {@link DeployRule.id}. */
  readonly rule: string;
  /** The stack that holds the resource. */
  readonly stack: string;
  /** The resource's logical id, when the violation is about one. */
  readonly resource?: string;
  /** What is wrong, with the value found and what AWS allows. */
  readonly message: string;
}

/**
 * One rule AWS enforces when a stack deploys or first runs, and that a synthesized template
 * does not show by itself: checked over every stack of the app.
 */
export interface DeployRule {
  /** A short, stable name, e.g. `lambda-vpc-permissions`. */
  readonly id: string;
  /** Where AWS documents the rule. */
  readonly documentation: string;
  /** The violations in `stacks`; empty when the app keeps the rule. */
  check(stacks: readonly SynthesizedStack[]): DeployRuleViolation[];
}
