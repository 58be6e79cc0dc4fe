import { actionMatches, type PolicyStatement, roleStatements } from '../deployRules/policyStatements';
import type { SynthesizedStack } from '../deployRules/SynthesizedStack';
import { TemplateValues } from '../deployRules/TemplateValues';

/** A resource of the synthesized app: its stack and logical id. */
export interface TemplateRef {
  readonly stack: string;
  readonly logicalId: string;
}

/** A role of the synthesized app, with the ARN its templates give it (a role name CloudFormation makes is its logical id). */
export interface RoleRef extends TemplateRef {
  readonly arn: string;
  /** Whether something other than an AWS service may assume it: an IAM principal, an account or a web identity. */
  readonly assumableByNonService: boolean;
}

/** Who may use a key for an action, read from the synthesized key policy and IAM policies together. */
export interface KeyAccess {
  /** Roles an IAM policy of theirs allows the action on the key (or on `*`). */
  readonly grantedByIam: readonly RoleRef[];
  /** Roles that can perform the action: allowed by IAM where the key policy delegates to the account, or named by the key policy. */
  readonly effective: readonly RoleRef[];
  /** Key policy statements allowing the action under conditions other than `aws:PrincipalArn`; judged by the reader. */
  readonly conditional: readonly PolicyStatement[];
}

/**
 * Who can perform `action` (e.g. `kms:Decrypt`) with the key `key`: a role can when an allow
 * statement of the key policy names it, or when one delegates to the account (the account root
 * as principal, "Allows access to the AWS account and enables IAM policies", AWS KMS Developer
 * Guide) and an IAM policy of the role allows it. A key policy statement conditioned on
 * `aws:PrincipalArn` (ArnLike/StringLike) is matched against the role's ARN, path included;
 * statements with other conditions (a service, an encryption context, grants for AWS resources)
 * are not counted but returned in `conditional`. IAM conditions are ignored: a conditional IAM
 * allow counts as an allow, which errs towards reporting access.
 *
 * @example
 * ```ts
 * const access = keyAccess(synthesizedStacks(app.synth()), { stack: 'lake-foundation', logicalId: 'StorageRawKey1A2B' }, 'kms:Decrypt');
 * ```
 */
export function keyAccess(stacks: readonly SynthesizedStack[], key: TemplateRef, action: string): KeyAccess {
  const values = new TemplateValues(stacks);
  const keyResource = values.stack(key.stack)?.template.Resources?.[key.logicalId];
  if (keyResource === undefined) throw new Error(`no key ${key.logicalId} in ${key.stack}`);
  const keyStatements = statementsOf(keyResource.Properties?.KeyPolicy).filter(
    (statement) => statement.Effect === 'Allow' && actionsOf(statement).some((a) => actionMatches(a, action)),
  );
  const roles = allRoles(stacks, values);

  const isKey = (stack: string, resource: unknown) => {
    if (resource === '*') return true;
    const resolved = values.resolve(stack, resource);
    return (
      resolved.kind === 'resource' && resolved.stack === key.stack && resolved.logicalId === key.logicalId
    );
  };
  const grantedByIam = roles.filter((role) =>
    roleStatements(values.stack(role.stack) as SynthesizedStack, role.logicalId).some(
      ({ statement }) =>
        statement.Effect === 'Allow' &&
        actionsOf(statement).some((a) => actionMatches(a, action)) &&
        [statement.Resource ?? []].flat().some((resource) => isKey(role.stack, resource)),
    ),
  );

  const conditional: PolicyStatement[] = [];
  const delegatedTo: ((role: RoleRef) => boolean)[] = [];
  const namedRoles = new Set<string>();
  for (const statement of keyStatements) {
    const principals = principalsOf(values, key.stack, statement);
    const arnConditions = principalArnPatterns(values, key.stack, statement);
    if (arnConditions === undefined) {
      conditional.push(statement);
      continue;
    }
    // IAM's wildcard matching; case-insensitive here, which errs towards reporting access.
    const matchesConditions = (role: RoleRef) =>
      arnConditions.every((pattern) => actionMatches(pattern, role.arn));
    if (principals.account) delegatedTo.push(matchesConditions);
    for (const role of roles) {
      if (principals.roles.has(`${role.stack}/${role.logicalId}`) && matchesConditions(role)) {
        namedRoles.add(`${role.stack}/${role.logicalId}`);
      }
    }
  }
  const effective = roles.filter(
    (role) =>
      namedRoles.has(`${role.stack}/${role.logicalId}`) ||
      (grantedByIam.includes(role) && delegatedTo.some((allows) => allows(role))),
  );
  return { grantedByIam, effective, conditional };
}

/** The `aws:PrincipalArn` patterns a statement requires; undefined when it has any other condition. */
function principalArnPatterns(
  values: TemplateValues,
  stack: string,
  statement: PolicyStatement,
): string[] | undefined {
  const patterns: string[] = [];
  for (const [operator, entries] of Object.entries(
    (statement.Condition ?? {}) as Record<string, Record<string, unknown>>,
  )) {
    for (const [conditionKey, value] of Object.entries(entries)) {
      if (
        conditionKey !== 'aws:PrincipalArn' ||
        !['ArnLike', 'StringLike', 'ArnEquals', 'StringEquals'].includes(operator)
      ) {
        return undefined;
      }
      for (const each of [value].flat()) {
        const resolved = values.resolve(stack, each);
        patterns.push(resolved.kind === 'literal' ? resolved.text : '\u0000unresolved');
      }
    }
  }
  return patterns;
}

function principalsOf(
  values: TemplateValues,
  stack: string,
  statement: PolicyStatement,
): { readonly account: boolean; readonly roles: ReadonlySet<string> } {
  const principal = (statement as { Principal?: unknown }).Principal;
  const aws = principal === '*' ? ['*'] : [(principal as { AWS?: unknown } | undefined)?.AWS ?? []].flat();
  let account = false;
  const roles = new Set<string>();
  for (const each of aws) {
    const resolved = values.resolve(stack, each);
    if (resolved.kind === 'literal' && (resolved.text === '*' || /:root$|^\d{12}$/.test(resolved.text)))
      account = true;
    if (resolved.kind === 'resource') roles.add(`${resolved.stack}/${resolved.logicalId}`);
  }
  return { account, roles };
}

function allRoles(stacks: readonly SynthesizedStack[], values: TemplateValues): RoleRef[] {
  return stacks.flatMap((stack) =>
    Object.entries(stack.template.Resources ?? {})
      .filter(([, resource]) => resource.Type === 'AWS::IAM::Role')
      .map(([logicalId, resource]) => {
        const properties = resource.Properties ?? {};
        const name = values.resolve(stack.stackName, properties.RoleName);
        const path = typeof properties.Path === 'string' ? properties.Path : '/';
        const trust = statementsOf(properties.AssumeRolePolicyDocument).map(
          (statement) => (statement as { Principal?: unknown }).Principal,
        );
        return {
          stack: stack.stackName,
          logicalId,
          arn: `arn:aws:iam::123456789012:role${path}${name.kind === 'literal' ? name.text : logicalId}`,
          assumableByNonService: trust.some(
            (principal) =>
              principal === '*' ||
              (typeof principal === 'object' &&
                principal !== null &&
                Object.keys(principal).some((k) => k !== 'Service')),
          ),
        };
      }),
  );
}

function statementsOf(document: unknown): PolicyStatement[] {
  const statement = (document as { Statement?: PolicyStatement | PolicyStatement[] } | undefined)?.Statement;
  if (statement === undefined) return [];
  return Array.isArray(statement) ? statement : [statement];
}

function actionsOf(statement: PolicyStatement): string[] {
  return [statement.Action ?? []].flat();
}
