import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type { Construct } from 'constructs';

/**
 * Grants reading one secret's value, on the grantee's policy only. `ISecret.grantRead` would also
 * add the role to the secret key's policy, which for the foundation's salt makes that stack depend
 * on the pipeline's: a cycle. The key's policy already lets the account's IAM policies use it.
 *
 * @param secretArn the secret's full ARN, or a partial one (no random suffix), which is matched
 *   with the suffix's wildcard `-??????`
 * @param encryptionKey the secret's customer managed key, decrypted through Secrets Manager only
 * @example
 * ```ts
 * grantSecretValue(this, extract, { secretArn: salt.secretFullArn ?? `${salt.secretArn}-??????`, encryptionKey: salt.encryptionKey });
 * ```
 */
export function grantSecretValue(
  scope: Construct,
  grantee: iam.IGrantable,
  secret: { readonly secretArn: string; readonly encryptionKey?: kms.IKey },
): void {
  iam.Grant.addToPrincipal({
    grantee,
    actions: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'],
    resourceArns: [secret.secretArn],
  });
  if (secret.encryptionKey === undefined) return;
  iam.Grant.addToPrincipal({
    grantee,
    actions: ['kms:Decrypt'],
    resourceArns: [secret.encryptionKey.keyArn],
    conditions: {
      StringEquals: { 'kms:ViaService': `secretsmanager.${Stack.of(scope).region}.amazonaws.com` },
    },
  });
}
