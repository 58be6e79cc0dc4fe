import { ArnFormat, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type { Construct } from 'constructs';
import { rolePathArnPattern } from '../security/lakeRolePaths';

/**
 * What the account's IAM policies may grant on a zone key without conditions: administering it
 * (no cryptography, and no grants: {@link zoneKeyPolicy} allows those to AWS services only).
 */
export const KEY_ADMIN_ACTIONS = [
  'kms:CreateAlias',
  'kms:Describe*',
  'kms:Enable*',
  'kms:List*',
  'kms:Put*',
  'kms:Update*',
  'kms:Revoke*',
  'kms:Disable*',
  'kms:Get*',
  'kms:Delete*',
  'kms:TagResource',
  'kms:UntagResource',
  'kms:ScheduleKeyDeletion',
  'kms:CancelKeyDeletion',
  'kms:RotateKeyOnDemand',
];

/** Encrypting never reveals a zone's data, so the account's IAM policies may grant it to anyone. */
export const KEY_ENCRYPT_ACTIONS = [
  'kms:Encrypt',
  'kms:GenerateDataKey*',
  'kms:ReEncryptTo',
  'kms:DescribeKey',
];

/** What reveals a zone's data: only roles under the zone's role path may be granted these. */
export const KEY_DECRYPT_ACTIONS = ['kms:Decrypt', 'kms:ReEncryptFrom'];

/** Options of {@link zoneKeyPolicy}. */
export interface ZoneKeyPolicyOptions {
  /** The IAM role path whose roles may be granted decryption, e.g. `/datalake/marketplace/raw/`. */
  readonly decryptingRolePath: string;
  /**
   * Let CloudWatch Logs use the key for this account's log groups in this region.
   *
   * @default false
   */
  readonly cloudWatchLogs?: boolean;
  /**
   * Let Secrets Manager's key-access check decrypt (the validation call it makes when a secret is
   * created with the key): the deployer that creates the masking salt secret is not under the
   * decrypting path.
   *
   * @default false
   */
  readonly secretsManagerValidation?: boolean;
}

/**
 * The key policy of one zone key, naming who may do what instead of the default `kms:*` for the
 * account. With the account as principal a key policy statement delegates to IAM only what it
 * lists, under its conditions ("Allows access to the AWS account and enables IAM policies",
 * AWS KMS Developer Guide, Default key policy), so:
 * - the account administers the key and may grant encrypting to any principal;
 * - decrypting (`kms:Decrypt`, `kms:ReEncryptFrom`) may be granted only to roles whose
 *   `aws:PrincipalArn` (for a role, the role's ARN with its path: IAM User Guide, global condition
 *   keys and IAM identifiers) lies under `decryptingRolePath`;
 * - grants only for AWS resources (`kms:GrantIsForAWSResource`): RDS snapshot export and
 *   Performance Insights create their own, no principal can hand one out;
 * - optionally CloudWatch Logs (`logs.<region>.amazonaws.com`, this account's log groups by the
 *   `aws:logs:arn` encryption context) and Secrets Manager's key-access validation (its `Decrypt`
 *   with `SecretVersionId` = `RequestToValidateKeyAccess`, Secrets Manager User Guide, Secret
 *   encryption and decryption: such a call decrypts a throw-away data key, never a secret).
 *
 * @example
 * ```ts
 * new kms.Key(this, 'RawKey', { policy: zoneKeyPolicy(this, { decryptingRolePath: paths.raw, secretsManagerValidation: true }) });
 * ```
 */
export function zoneKeyPolicy(scope: Construct, options: ZoneKeyPolicyOptions): iam.PolicyDocument {
  const stack = Stack.of(scope);
  const account = new iam.AccountRootPrincipal();
  const statements = [
    new iam.PolicyStatement({
      sid: 'AdministerByIam',
      principals: [account],
      actions: KEY_ADMIN_ACTIONS,
      resources: ['*'],
    }),
    new iam.PolicyStatement({
      sid: 'EncryptByIam',
      principals: [account],
      actions: KEY_ENCRYPT_ACTIONS,
      resources: ['*'],
    }),
    new iam.PolicyStatement({
      sid: 'DecryptByIamUnderRolePath',
      principals: [account],
      actions: KEY_DECRYPT_ACTIONS,
      resources: ['*'],
      conditions: { ArnLike: { 'aws:PrincipalArn': rolePathArnPattern(scope, options.decryptingRolePath) } },
    }),
    new iam.PolicyStatement({
      sid: 'GrantsForAwsResourcesOnly',
      principals: [account],
      actions: ['kms:CreateGrant'],
      resources: ['*'],
      conditions: { Bool: { 'kms:GrantIsForAWSResource': true } },
    }),
  ];
  if (options.cloudWatchLogs) {
    statements.push(
      new iam.PolicyStatement({
        sid: 'CloudWatchLogsOfThisAccount',
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
  }
  if (options.secretsManagerValidation) {
    statements.push(
      new iam.PolicyStatement({
        sid: 'SecretsManagerKeyAccessValidation',
        principals: [account],
        actions: ['kms:Decrypt'],
        resources: ['*'],
        conditions: {
          StringEquals: {
            'kms:ViaService': `secretsmanager.${stack.region}.amazonaws.com`,
            'kms:EncryptionContext:SecretVersionId': 'RequestToValidateKeyAccess',
          },
        },
      }),
    );
  }
  return new iam.PolicyDocument({ statements });
}
