import { type RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as glue from 'aws-cdk-lib/aws-glue';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { KEY_ADMIN_ACTIONS } from '../storage/zoneKeyPolicy';

/**
 * What a client of an encrypted Data Catalog needs on its key: "Any client that accesses or
 * writes to an encrypted catalog … needs kms:GenerateDataKey, kms:Decrypt, kms:Encrypt"
 * (AWS Glue Developer Guide, Setting up encryption in AWS Glue).
 */
export const CATALOG_KEY_ACTIONS = ['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey*', 'kms:DescribeKey'];

/** Props of {@link CatalogEncryption}. */
export interface CatalogEncryptionProps {
  /**
   * What happens to the key when it leaves the stack. The settings themselves stay as they are
   * when the resource is deleted: metadata written under the key stays encrypted with it.
   */
  readonly removalPolicy: RemovalPolicy;
}

/**
 * Encrypts this account's Glue Data Catalog in the stack's region with a key of the lake
 * (`AWS::Glue::DataCatalogEncryptionSettings`, SSE-KMS, connection passwords too).
 *
 * The settings are one per account and region, not per lake: only one stack may own them, so
 * the config says whether the lake does (`query.catalogEncryption`). Every principal of the
 * account may use the key through Glue only (`kms:ViaService` `glue.<region>.amazonaws.com` and
 * `kms:CallerAccount`, the pattern of the key policies AWS writes for its managed keys): the
 * catalog holds table schemas, not rows, and who may read which table is decided by Glue
 * permissions (commit, plan, the Firehose archive's format conversion, analysts through Athena),
 * while no principal can use the key outside Glue.
 *
 * @example
 * ```ts
 * new CatalogEncryption(this, 'CatalogEncryption', { removalPolicy: RemovalPolicy.RETAIN });
 * ```
 */
export class CatalogEncryption extends Construct {
  /** The key the catalog's metadata is encrypted with. */
  public readonly key: kms.Key;
  /** The account-and-region-wide settings resource. */
  public readonly settings: glue.CfnDataCatalogEncryptionSettings;

  public constructor(scope: Construct, id: string, props: CatalogEncryptionProps) {
    super(scope, id);
    const stack = Stack.of(this);
    this.key = new kms.Key(this, 'Key', {
      description: "Encrypts this account's Glue Data Catalog metadata (databases, tables, partitions)",
      enableKeyRotation: true,
      removalPolicy: props.removalPolicy,
      policy: new iam.PolicyDocument({
        statements: [
          new iam.PolicyStatement({
            sid: 'AdministerByIam',
            principals: [new iam.AccountRootPrincipal()],
            actions: KEY_ADMIN_ACTIONS,
            resources: ['*'],
          }),
          new iam.PolicyStatement({
            sid: 'ThroughGlueForThisAccount',
            principals: [new iam.AnyPrincipal()],
            actions: CATALOG_KEY_ACTIONS,
            resources: ['*'],
            conditions: {
              StringEquals: {
                'kms:ViaService': `glue.${stack.region}.amazonaws.com`,
                'kms:CallerAccount': stack.account,
              },
            },
          }),
        ],
      }),
    });
    this.settings = new glue.CfnDataCatalogEncryptionSettings(this, 'Resource', {
      catalogId: stack.account,
      dataCatalogEncryptionSettings: {
        encryptionAtRest: { catalogEncryptionMode: 'SSE-KMS', sseAwsKmsKeyId: this.key.keyArn },
        connectionPasswordEncryption: {
          returnConnectionPasswordEncrypted: true,
          kmsKeyId: this.key.keyArn,
        },
      },
    });
  }
}
