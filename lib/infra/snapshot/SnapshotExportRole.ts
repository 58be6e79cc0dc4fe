import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { type ConfigIssue, InvalidPropsError } from '../../core/errors';
import { acknowledgeGrantWildcards } from '../compliance/acknowledgeGrantWildcards';

/** The bucket-level S3 actions an RDS export needs, per the StartExportTask `IamRoleArn` documentation. */
export const EXPORT_BUCKET_ACTIONS = ['s3:ListBucket', 's3:GetBucketLocation'];
/** The object-level S3 actions an RDS export needs, per the same documentation. */
export const EXPORT_OBJECT_ACTIONS = ['s3:PutObject*', 's3:GetObject*', 's3:DeleteObject*'];
/** The service principal of RDS snapshot export: it assumes the role, and the role is passed to it only. */
const EXPORT_SERVICE_PRINCIPAL = 'export.rds.amazonaws.com';
/** Export task actions; RDS defines no resource type for them, so they apply to `*`. */
export const EXPORT_TASK_ACTIONS = ['rds:StartExportTask', 'rds:DescribeExportTasks', 'rds:CancelExportTask'];

/** Props of {@link SnapshotExportRole}. */
export interface SnapshotExportRoleProps {
  /** The bucket the export writes to: the lake's raw bucket. */
  readonly bucket: s3.IBucket;

  /**
   * The key prefix exports are written under (the StartExportTask `S3Prefix`); the
   * role may only touch objects under it.
   *
   * @default - the whole bucket
   */
  readonly prefix?: string;

  /**
   * The KMS key the export encrypts its files with (the StartExportTask `KmsKeyId`).
   *
   * @default - the bucket's own key; required when the bucket has none
   */
  readonly encryptionKey?: kms.IKey;

  /**
   * The IAM path of the role. The export writes with the raw key, whose policy lets only roles
   * under the lake's raw path decrypt (`lakeRolePaths(lake).raw`).
   *
   * @default '/'
   */
  readonly rolePath?: string;
}

/**
 * The IAM role that RDS snapshot export (`export.rds.amazonaws.com`) assumes to write
 * a snapshot's Parquet files into the raw bucket, and the grant its caller needs.
 *
 * The role trusts the export service only for this account (`aws:SourceAccount`),
 * may list the bucket and read, write and delete objects under `prefix` only, and
 * may use the export key. {@link grantStartExport} gives the pipeline what
 * StartExportTask checks on the caller: the export task actions, `iam:PassRole` on
 * this role only, and `kms:CreateGrant` (only for grants an AWS service creates on
 * its behalf) and `kms:DescribeKey` on the export key.
 *
 * @example
 * ```ts
 * const exportRole = new SnapshotExportRole(this, 'ExportRole', {
 *   bucket: storage.rawBucket,
 *   prefix: 'exports/service/',
 * });
 * exportRole.grantStartExport(stateMachine);
 * ```
 */
export class SnapshotExportRole extends Construct {
  /** The role to pass as StartExportTask's `IamRoleArn`. */
  public readonly role: iam.IRole;
  /** The key to pass as StartExportTask's `KmsKeyId`. */
  public readonly encryptionKey: kms.IKey;
  /** The bucket to pass as StartExportTask's `S3BucketName`. */
  public readonly bucket: s3.IBucket;
  /** The prefix to pass as StartExportTask's `S3Prefix`; empty for the whole bucket. */
  public readonly prefix: string;

  public constructor(scope: Construct, id: string, props: SnapshotExportRoleProps) {
    super(scope, id);
    const encryptionKey = props.encryptionKey ?? props.bucket.encryptionKey;
    validateProps(this.node.path, props, encryptionKey);
    this.bucket = props.bucket;
    this.prefix = props.prefix ?? '';
    this.encryptionKey = encryptionKey;

    const role = new iam.Role(this, 'Role', {
      description: 'Assumed by RDS snapshot export to write Parquet into the raw bucket',
      path: props.rolePath,
      // Confused-deputy guard: only export tasks of this account may use the role.
      assumedBy: new iam.ServicePrincipal(EXPORT_SERVICE_PRINCIPAL).withConditions({
        StringEquals: { 'aws:SourceAccount': Stack.of(this).account },
      }),
    });
    this.role = role;

    const bucketGrant = iam.Grant.addToPrincipal({
      grantee: role,
      actions: EXPORT_BUCKET_ACTIONS,
      resourceArns: [props.bucket.bucketArn],
    });
    const objectGrant = iam.Grant.addToPrincipal({
      grantee: role,
      actions: EXPORT_OBJECT_ACTIONS,
      resourceArns: [props.bucket.arnForObjects(`${this.prefix}*`)],
    });
    // The export writes SSE-KMS objects with this key, so the role encrypts and decrypts with it.
    const keyGrant = this.encryptionKey.grantEncryptDecrypt(role);
    acknowledgeGrantWildcards(
      role,
      bucketGrant.combine(objectGrant).combine(keyGrant),
      'The exact actions the RDS export documentation requires, on the raw bucket and its export prefix only, and the export key.',
    );
  }

  /**
   * Grants what calling StartExportTask with this role needs: the export task actions
   * (on `*`: RDS has no resource-level permissions for them), `iam:PassRole` on this
   * role to the export service only, `kms:CreateGrant` on the export key when an AWS service
   * creates the grant, and `kms:DescribeKey` on the key.
   *
   * @param grantee the caller of StartExportTask, e.g. the pipeline's state machine
   */
  public grantStartExport(grantee: iam.IGrantable): iam.Grant {
    const grant = iam.Grant.addToPrincipal({ grantee, actions: EXPORT_TASK_ACTIONS, resourceArns: ['*'] })
      .combine(
        iam.Grant.addToPrincipal({
          grantee,
          actions: ['iam:PassRole'],
          resourceArns: [this.role.roleArn],
          // The role may be passed to RDS only ("IAM: Pass an IAM role to a specific AWS service",
          // IAM User Guide). No AWS page says which principal StartExportTask reports as
          // iam:PassedToService: the trust policy's export principal, or RDS's own (the README's
          // "Check it on your account" runs an export); either keeps the role within RDS.
          conditions: {
            StringEquals: { 'iam:PassedToService': [EXPORT_SERVICE_PRINCIPAL, 'rds.amazonaws.com'] },
          },
        }),
      )
      .combine(
        iam.Grant.addToPrincipal({
          grantee,
          actions: ['kms:CreateGrant'],
          resourceArns: [this.encryptionKey.keyArn],
          // RDS creates the grant it exports with; the caller cannot hand out grants itself.
          conditions: { Bool: { 'kms:GrantIsForAWSResource': true } },
        }),
      )
      .combine(
        iam.Grant.addToPrincipal({
          grantee,
          actions: ['kms:DescribeKey'],
          resourceArns: [this.encryptionKey.keyArn],
        }),
      );
    acknowledgeGrantWildcards(
      grantee,
      grant,
      'RDS defines no resource type for StartExportTask, DescribeExportTasks or CancelExportTask; they only accept "*".',
    );
    return grant;
  }
}

function validateProps(
  constructPath: string,
  props: SnapshotExportRoleProps,
  encryptionKey: kms.IKey | undefined,
): asserts encryptionKey is kms.IKey {
  const issues: ConfigIssue[] = [];
  if (encryptionKey === undefined) {
    issues.push({
      path: 'encryptionKey',
      message: 'missing, and the bucket has no KMS key; an RDS export needs a customer managed KMS key',
    });
  }
  const prefix = props.prefix;
  if (prefix !== undefined && (prefix === '' || prefix.startsWith('/') || /[*?]/.test(prefix))) {
    issues.push({
      path: 'prefix',
      message: `got "${prefix}"; must be a non-empty S3 key prefix without a leading "/" or wildcards, e.g. "exports/"`,
    });
  }
  if (issues.length > 0) throw new InvalidPropsError(constructPath, issues);
}
