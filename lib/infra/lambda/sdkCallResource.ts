import { type RemovalPolicy, Validations } from 'aws-cdk-lib';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as cr from 'aws-cdk-lib/custom-resources';
import type { Construct } from 'constructs';
import { InvalidPropsError } from '../../core/errors';
import { helperFunctionRole } from './helperFunctionRole';

/** Props of {@link sdkCallResource}. */
export interface SdkCallResourceProps {
  /** The AWS API call made on create and on every update; its `outputPaths` are what the stack reads. */
  readonly call: cr.AwsSdkCall;
  /** The resources the call's action is granted on (`['*']` only for an action without resource-level permissions). */
  readonly resources: readonly string[];
  /**
   * Why the action needs `Resource: "*"`; required when `resources` holds `*`, and kept as the
   * acknowledgement of cdk-nag's IAM5 finding on the helper's role.
   *
   * @default - none; `*` in resources is refused
   */
  readonly anyResourceReason?: string;
  /** The role's description: what the call is for. */
  readonly description: string;
  /** The key the helper function's log group is encrypted with. */
  readonly logEncryptionKey: kms.IKey;
  readonly logRetention: logs.RetentionDays;
  readonly removalPolicy: RemovalPolicy;
}

/**
 * An `AwsCustomResource` that reads a value CloudFormation has no attribute for, at deploy time:
 * its helper function gets a role of its own ({@link helperFunctionRole}, `<id>Role`) allowed only
 * the call's action on `resources`, and an encrypted log group (`<id>Logs`). It uses the SDK of the
 * Lambda runtime (no download from npm during the deploy).
 *
 * @example
 * ```ts
 * const brokers = sdkCallResource(this, 'BootstrapBrokers', {
 *   call: { service: 'Kafka', action: 'GetBootstrapBrokers', parameters: { ClusterArn: arn },
 *     physicalResourceId: cr.PhysicalResourceId.of(arn), outputPaths: ['BootstrapBrokerStringSaslIam'] },
 *   resources: [arn], description: 'Reads the bootstrap servers of the MSK cluster', logEncryptionKey,
 *   logRetention: logs.RetentionDays.THREE_MONTHS, removalPolicy: RemovalPolicy.RETAIN,
 * });
 * brokers.getResponseField('BootstrapBrokerStringSaslIam');
 * ```
 */
export function sdkCallResource(
  scope: Construct,
  id: string,
  props: SdkCallResourceProps,
): cr.AwsCustomResource {
  const logGroup = new logs.LogGroup(scope, `${id}Logs`, {
    retention: props.logRetention,
    encryptionKey: props.logEncryptionKey,
    removalPolicy: props.removalPolicy,
  });
  const anyResourceReason = props.resources.includes('*') ? props.anyResourceReason : undefined;
  if (props.resources.includes('*') && anyResourceReason === undefined) {
    throw new InvalidPropsError(`${scope.node.path}/${id}`, [
      {
        path: 'resources',
        message: 'got "*" without anyResourceReason; name the resources, or say why none can be',
      },
    ]);
  }
  const resource = new cr.AwsCustomResource(scope, id, {
    onCreate: props.call,
    onUpdate: props.call,
    policy: cr.AwsCustomResourcePolicy.fromSdkCalls({ resources: [...props.resources] }),
    role: helperFunctionRole(scope, `${id}Role`, logGroup, props.description),
    installLatestAwsSdk: false,
    logGroup,
  });
  // The call's statement is in the resource's own policy (its child), not in the role's.
  if (anyResourceReason !== undefined) {
    Validations.of(resource).acknowledge({ id: 'AwsSolutions-IAM5[Resource::*]', reason: anyResourceReason });
  }
  return resource;
}
