import { Stack, Validations } from 'aws-cdk-lib';
import type * as iam from 'aws-cdk-lib/aws-iam';
// Deep import on purpose: the finding ids must be spelled exactly as the pinned cdk-nag
// spells them, and this is the function it uses to flatten intrinsics into those ids.
import { flattenCfnReference } from 'cdk-nag/lib/utils/flatten-cfn-reference';
import { Construct } from 'constructs';

/** The cdk-nag rule that reports wildcards in IAM policies, one finding per wildcard. */
const WILDCARD_RULE = 'AwsSolutions-IAM5';

/**
 * Acknowledges, on the grantee, exactly the cdk-nag `AwsSolutions-IAM5` findings that
 * `grant` introduced: each wildcard action and each wildcard resource of its principal
 * statements, and nothing else.
 *
 * Grants from the data lake's constructs are deliberately scoped (a bucket's objects,
 * a database's tables), but those scopes are written with `*`. Acknowledging here,
 * inside the construct that made the grant, gives every user of the construct the same
 * justified acknowledgements, while a different wildcard the user adds to the same
 * principal is still reported.
 *
 * The acknowledgement sits on the principal's construct (a role, user or group),
 * which covers its default policy and any policy CDK splits off for size. A principal
 * that is not a construct (a service principal) has no policy of its own to flag.
 * Finding ids are computed when the app is validated, in the principal's stack, so a
 * resource of another stack is named as the template imports it.
 *
 * @param grantee who received the grant
 * @param grant the grant to acknowledge the wildcards of
 * @param reason why the wildcards are acceptable, kept in the synth report
 * @example
 * ```ts
 * const grant = bucket.grantRead(role);
 * acknowledgeGrantWildcards(role, grant, 'read of this bucket only, as aws-cdk-lib grants it');
 * ```
 */
export function acknowledgeGrantWildcards(grantee: iam.IGrantable, grant: iam.Grant, reason: string): void {
  const principal = grantee.grantPrincipal;
  if (!Construct.isConstruct(principal)) return;
  // Computed at validation time, after synthesis has replaced references to other
  // stacks by imports: the ids then match what cdk-nag reads from the template.
  principal.node.addValidation({
    validate: () => {
      const acknowledgements = wildcardFindings(Stack.of(principal), grant).map((finding) => ({
        id: `${WILDCARD_RULE}[${finding}]`,
        reason,
      }));
      if (acknowledgements.length > 0) Validations.of(principal).acknowledge(...acknowledgements);
      return [];
    },
  });
}

/** The `Action::…` and `Resource::…` wildcard findings of a grant's principal statements. */
function wildcardFindings(stack: Stack, grant: iam.Grant): string[] {
  const findings = new Set<string>();
  for (const statement of grant.principalStatements) {
    for (const action of statement.actions) {
      if (action.includes('*')) findings.add(`Action::${action}`);
    }
    for (const resource of statement.resources) {
      const flat = flattenCfnReference(stack.resolve(resource));
      if (flat.includes('*')) findings.add(`Resource::${flat}`);
    }
  }
  return [...findings];
}
