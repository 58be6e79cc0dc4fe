import { ArnFormat, type RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import type { Construct } from 'constructs';

/**
 * The KMS key a pipeline's state machine and Lambda log groups are encrypted with: rotated, and
 * usable by CloudWatch Logs only for this account's log groups in this region.
 *
 * @param description what the key encrypts, e.g. `Encrypts the logs of the lake service snapshot pipeline`
 * @example
 * ```ts
 * this.logKey = pipelineLogKey(this, 'LogKey', 'Encrypts the logs of …', RemovalPolicy.RETAIN);
 * ```
 */
export function pipelineLogKey(
  scope: Construct,
  id: string,
  description: string,
  removalPolicy: RemovalPolicy,
): kms.Key {
  const stack = Stack.of(scope);
  const key = new kms.Key(scope, id, { description, enableKeyRotation: true, removalPolicy });
  // CloudWatch Logs encrypts with the key only for this account's log groups.
  key.addToResourcePolicy(
    new iam.PolicyStatement({
      principals: [new iam.ServicePrincipal(`logs.${stack.region}.amazonaws.com`)],
      actions: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
      resources: ['*'],
      conditions: {
        ArnLike: {
          'kms:EncryptionContext:aws:logs:arn': stack.formatArn({
            service: 'logs',
            resource: 'log-group',
            resourceName: '*',
            arnFormat: ArnFormat.COLON_RESOURCE_NAME,
          }),
        },
      },
    }),
  );
  return key;
}
