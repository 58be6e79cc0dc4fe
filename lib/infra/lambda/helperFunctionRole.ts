import * as iam from 'aws-cdk-lib/aws-iam';
import type * as logs from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { acknowledgeGrantWildcards } from '../compliance/acknowledgeGrantWildcards';

/**
 * The role of a custom resource's helper function (an `AwsCustomResource` or a Provider
 * framework function): it may write its own log group and nothing else until its user grants
 * more. No AWS managed policy, so cdk-nag's IAM4 has nothing to report.
 *
 * @param description what the function does, e.g. `Reads the bootstrap servers of the MSK cluster lake-events`
 * @example
 * ```ts
 * const role = helperFunctionRole(this, 'LookupRole', logGroup, 'Looks up the S3 prefix list');
 * ```
 */
export function helperFunctionRole(
  scope: Construct,
  id: string,
  logGroup: logs.ILogGroup,
  description: string,
): iam.Role {
  const role = new iam.Role(scope, id, {
    assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
    description,
  });
  acknowledgeGrantWildcards(
    role,
    logGroup.grantWrite(role),
    'Writing log streams of this function’s own log group: the wildcard names its streams.',
  );
  return role;
}
