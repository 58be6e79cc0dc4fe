import { ArnFormat, Aws, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import type { IConstruct } from 'constructs';

/**
 * The lake's resources its functions in the VPC may reach through the endpoints the lake
 * creates; every other resource of the endpoints' services is refused there.
 */
export interface LakeEndpointResources {
  /** The lake's buckets: the S3 gateway endpoint serves them and their objects only. */
  readonly buckets: readonly s3.IBucket[];
  /** The secrets the functions read: the sources' credentials and the masking key (full ARNs). */
  readonly secretArns: readonly string[];
  /** The lake's KMS keys. */
  readonly keys: readonly kms.IKey[];
  /** The lake's Glue databases; their tables and the account's catalog come with them. */
  readonly glueDatabaseNames: readonly string[];
  /** The lake's state machines; their executions come with them. */
  readonly stateMachineNames: readonly string[];
}

/**
 * The statement of the endpoint of `service` (its endpoint short name, e.g. `secretsmanager`):
 * any action of the service, by principals of the lake's account only, on the lake's resources.
 * The roles' own policies choose the actions; the endpoint is the perimeter around the resources.
 *
 * From "Control access to VPC endpoints using endpoint policies" (AWS PrivateLink Guide): an
 * endpoint policy must have a Principal element (here any principal, narrowed by the
 * `aws:PrincipalAccount` condition); `aws:PrincipalAccount` takes no wildcard; an ARN's account
 * is an account id or a wildcard, not both; a policy holds at most 20,480 characters.
 *
 * @returns undefined for a service the lake has no policy for
 */
export function endpointStatement(
  scope: IConstruct,
  service: string,
  lake: LakeEndpointResources,
): iam.PolicyStatement | undefined {
  const resources = serviceResources(Stack.of(scope), service, lake);
  if (resources === undefined) return undefined;
  return new iam.PolicyStatement({
    principals: [new iam.AnyPrincipal()],
    actions: [`${service}:*`],
    resources,
    conditions: { StringEquals: { 'aws:PrincipalAccount': Aws.ACCOUNT_ID } },
  });
}

/** The lake's resources of `service`, as its IAM ARNs; undefined for a service without a policy here. */
function serviceResources(stack: Stack, service: string, lake: LakeEndpointResources): string[] | undefined {
  const arn = (resource: string, resourceName?: string, arnFormat = ArnFormat.SLASH_RESOURCE_NAME) =>
    stack.formatArn({ service, resource, resourceName, arnFormat });
  switch (service) {
    case 's3':
      return lake.buckets.flatMap((bucket) => [bucket.bucketArn, bucket.arnForObjects('*')]);
    case 'secretsmanager':
      return [...lake.secretArns];
    case 'kms':
      return lake.keys.map((key) => key.keyArn);
    case 'glue':
      // Glue's ARNs: the catalog, each database, and each database's tables (Glue Developer Guide).
      return [
        arn('catalog'),
        ...lake.glueDatabaseNames.flatMap((name) => [arn('database', name), arn('table', `${name}/*`)]),
      ];
    case 'states':
      return lake.stateMachineNames.flatMap((name) => [
        arn('stateMachine', name, ArnFormat.COLON_RESOURCE_NAME),
        arn('execution', `${name}:*`, ArnFormat.COLON_RESOURCE_NAME),
      ]);
    case 'logs':
      // Log group names are made by CloudFormation per stack: the account's groups in the region.
      return [arn('log-group', '*', ArnFormat.COLON_RESOURCE_NAME)];
    default:
      return undefined;
  }
}
