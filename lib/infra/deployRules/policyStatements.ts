import type { SynthesizedStack, TemplateResource } from './SynthesizedStack';
import type { TemplateValues } from './TemplateValues';

/** One IAM policy statement as a template writes it. */
export interface PolicyStatement {
  readonly Effect?: string;
  readonly Action?: string | readonly string[];
  readonly Resource?: unknown;
  readonly Condition?: unknown;
}

/** A statement that applies to a role, with where it comes from. */
export interface RoleStatement {
  readonly statement: PolicyStatement;
  /** The `AWS::IAM::Policy` or `AWS::IAM::ManagedPolicy` resource it is in; undefined when it is in the role itself. */
  readonly policyLogicalId?: string;
}

const POLICY_TYPES = new Set(['AWS::IAM::Policy', 'AWS::IAM::ManagedPolicy']);

/**
 * Every statement that applies to the role `roleLogicalId` of `stack`: its inline policies,
 * and the policies of the stack attached to it. (AWS managed policies are not expanded:
 * {@link managedPolicyArns} lists them.)
 */
export function roleStatements(stack: SynthesizedStack, roleLogicalId: string): RoleStatement[] {
  const resources = stack.template.Resources ?? {};
  const role = resources[roleLogicalId];
  const inline = ((role?.Properties?.Policies as { PolicyDocument?: unknown }[] | undefined) ?? []).flatMap(
    (policy) => statementsOf(policy.PolicyDocument).map((statement) => ({ statement })),
  );
  const attached = Object.entries(resources)
    .filter(([, resource]) => POLICY_TYPES.has(resource.Type) && attachesTo(resource, roleLogicalId))
    .flatMap(([policyLogicalId, resource]) =>
      statementsOf(resource.Properties?.PolicyDocument).map((statement) => ({ statement, policyLogicalId })),
    );
  return [...inline, ...attached];
}

/** The managed policy ARNs attached to the role `roleLogicalId` of `stack`, resolved where they can be. */
export function managedPolicyArns(
  stack: SynthesizedStack,
  roleLogicalId: string,
  values: TemplateValues,
): string[] {
  const role = stack.template.Resources?.[roleLogicalId];
  const arns = (role?.Properties?.ManagedPolicyArns as unknown[] | undefined) ?? [];
  return arns.flatMap((arn) => {
    const resolved = values.resolve(stack.stackName, arn);
    return resolved.kind === 'literal' ? [resolved.text] : [];
  });
}

/** Whether an Allow statement grants `action` on every resource (`Resource: "*"`). */
export function allowsOnAnyResource(statement: PolicyStatement, action: string): boolean {
  if (statement.Effect !== 'Allow' || statement.Condition !== undefined) return false;
  const actions = typeof statement.Action === 'string' ? [statement.Action] : (statement.Action ?? []);
  const resources = Array.isArray(statement.Resource) ? statement.Resource : [statement.Resource];
  return resources.includes('*') && actions.some((pattern) => actionMatches(pattern, action));
}

/** IAM's action matching: case-insensitive, `*` and `?` as wildcards. */
export function actionMatches(pattern: string, action: string): boolean {
  const regex = pattern
    .split('')
    .map((char) => (char === '*' ? '.*' : char === '?' ? '.' : char.replace(/[.+^${}()|[\]\\]/g, '\\$&')))
    .join('');
  return new RegExp(`^${regex}$`, 'i').test(action);
}

function statementsOf(document: unknown): PolicyStatement[] {
  const statement = (document as { Statement?: PolicyStatement | PolicyStatement[] } | undefined)?.Statement;
  if (statement === undefined) return [];
  return Array.isArray(statement) ? statement : [statement];
}

function attachesTo(policy: TemplateResource, roleLogicalId: string): boolean {
  const roles = (policy.Properties?.Roles as unknown[] | undefined) ?? [];
  return roles.some((role) => (role as { Ref?: string }).Ref === roleLogicalId);
}
