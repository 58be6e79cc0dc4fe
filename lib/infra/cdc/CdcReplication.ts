import { Stack, Token } from 'aws-cdk-lib';
import * as dms from 'aws-cdk-lib/aws-dms';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { DMS_CAPACITY_UNITS } from '../../config/cdcSettings';
import { InvalidPropsError } from '../../core/errors';
import { acknowledgeGrantWildcards } from '../compliance/acknowledgeGrantWildcards';
import { grantListPrefix } from '../grants/grantListPrefix';
import type { SourceEngine } from '../source/sourceEngine';
import type { DataLakeStorage } from '../storage/DataLakeStorage';
import { dmsReplicationSettings } from './dmsReplicationSettings';
import { dmsS3Settings } from './dmsS3Settings';
import { type CapturedTable, dmsTableMappings } from './dmsTableMappings';

/** Props of {@link CdcReplication}. */
export interface CdcReplicationProps {
  /** The replication's `ReplicationConfigIdentifier`, unique in the account and region (see `cdcReplicationIdentifier`). */
  readonly identifier: string;
  /** The source's engine. */
  readonly engine: SourceEngine;
  /** Whether the primary is an Aurora cluster (DMS engine `aurora` / `aurora-postgresql`) or an RDS instance. */
  readonly aurora: boolean;
  /** The database DMS reads: PostgreSQL endpoints name it; MySQL endpoints must not (the tables' schema is the database). */
  readonly databaseName: string;
  /** The primary's port, opened on {@link primarySecurityGroup} to the replication only. */
  readonly port: number;
  /**
   * Secret with `host`, `port`, `username` and `password` of the DMS user on the primary ("Using
   * secrets to access AWS Database Migration Service endpoints"); DMS reads it with {@link secretsAccessRole}.
   */
  readonly credentialsSecretArn: string;
  /** The security group guarding the primary (an RDS instance's, or the Aurora cluster's). */
  readonly primarySecurityGroup: ec2.ISecurityGroup;
  /** The tables to capture, with the columns DMS must remove before writing. */
  readonly tables: readonly CapturedTable[];
  /** The primary's VPC: the replication runs in its subnets. */
  readonly vpc: ec2.IVpc;
  /**
   * The subnets of the replication subnet group; at least two Availability Zones.
   *
   * @default - the VPC's private subnets
   */
  readonly vpcSubnets?: ec2.SubnetSelection;
  /** The lake's storage: DMS writes into its raw bucket with its raw key. */
  readonly storage: DataLakeStorage;
  /** The raw prefix of the source's changes, ending in `/` (see `cdcPrefix`). */
  readonly rawPrefix: string;
  /**
   * The IAM path of the two roles DMS assumes: the raw key lets only roles under the lake's raw
   * path decrypt (`lakeRolePaths(lake).raw`), and a writer with SSE-KMS needs `kms:Decrypt` too
   * ("you need kms:GenerateDataKey and kms:Decrypt permissions on the key", Amazon S3 User Guide,
   * Using server-side encryption with AWS KMS keys).
   *
   * @default '/'
   */
  readonly rolePath?: string;
  /**
   * Most DMS capacity units the replication scales to.
   *
   * @default 4
   */
  readonly maxCapacityUnits?: number;
  /**
   * Fewest DMS capacity units the replication scales down to.
   *
   * @default - DMS's own minimum, 1 DCU
   */
  readonly minCapacityUnits?: number;
  /**
   * A standby replication in another zone ("If you intend to use change data capture (CDC) or
   * ongoing replication, we recommend that you turn on this option", AWS DMS Serverless components).
   *
   * @default true
   */
  readonly multiAz?: boolean;
  /**
   * Largest LOB (TEXT, BLOB, JSON) value DMS copies, in KB; longer ones are truncated.
   *
   * @default 1024
   */
  readonly lobMaxSizeKb?: number;
}

/**
 * The object actions the role of a DMS S3 target needs, as its prerequisites list them: "s3:PutObject",
 * "s3:DeleteObject", "s3:PutObjectTagging" on the objects, "s3:ListBucket" on the bucket (Using Amazon
 * S3 as a target for AWS Database Migration Service, Prerequisites).
 */
export const DMS_S3_TARGET_OBJECT_ACTIONS = ['s3:PutObject', 's3:DeleteObject', 's3:PutObjectTagging'];

/**
 * What writing SSE-KMS objects takes of the key: "To upload or download an object encrypted with an
 * AWS KMS key … you need kms:GenerateDataKey and kms:Decrypt permissions on the key" (Amazon S3
 * User Guide, Using server-side encryption with AWS KMS keys).
 */
export const DMS_S3_TARGET_KEY_ACTIONS = ['kms:GenerateDataKey', 'kms:Decrypt'];

/** The DMS engine name of a source endpoint (`AWS::DMS::Endpoint` EngineName). */
function dmsEngineName(engine: SourceEngine, aurora: boolean): string {
  if (engine === 'mysql') return aurora ? 'aurora' : 'mysql';
  return aurora ? 'aurora-postgresql' : 'postgres';
}

/**
 * The AWS DMS Serverless replication of one source's `cdc` tables: a full load, then every
 * insert, update and delete from the primary's binlog (MySQL) or WAL (PostgreSQL), written to the
 * raw bucket under {@link rawPrefix} as Parquet with the operation and commit-time columns (see
 * `dmsS3Settings`), encrypted with the raw key. Columns the config drops are removed by DMS
 * (`remove-column` rules), so they never reach the raw zone; masks, renames and casts are the
 * apply step's, before the curated zone.
 *
 * Least privilege:
 * - a security group that sends only to the primary's port (opened on the primary's group to this
 *   group only) and HTTPS to the VPC endpoints (`DataLakeNetwork.allowAwsApisFrom`), which DMS
 *   Serverless must use to reach S3 and Secrets Manager (AWS DMS Serverless limitations);
 * - {@link targetAccessRole}, assumed by `dms.amazonaws.com` for this account only: put, tag and
 *   delete objects under the prefix, list the prefix, generate data keys and decrypt with the raw key
 *   ({@link DMS_S3_TARGET_OBJECT_ACTIONS}, {@link DMS_S3_TARGET_KEY_ACTIONS});
 * - {@link secretsAccessRole}, assumed by the regional `dms.<region>.amazonaws.com`, as DMS requires
 *   for secrets: `secretsmanager:GetSecretValue` on the one secret.
 *
 * DMS itself needs the account-level roles `dms-vpc-role` (and `dms-cloudwatch-logs-role` for the
 * replication's logs), which this construct does not create: they have fixed names, one per
 * account. The replication is created stopped; start it once (see the README).
 *
 * The seam for the apply step: {@link rawPrefix}, {@link bucket}, {@link tablePrefix} and
 * {@link grantReadChanges}.
 *
 * @example
 * ```ts
 * const cdc = new CdcReplication(this, 'Cdc', { identifier: 'marketplace-service-cdc', engine: 'mysql', aurora: false,
 *   databaseName: 'service', port: 3306, credentialsSecretArn, primarySecurityGroup, tables, vpc, storage,
 *   rawPrefix: 'cdc/service/' });
 * cdc.grantReadChanges(applyFunction);
 * ```
 */
export class CdcReplication extends Construct implements ec2.IConnectable {
  /** The replication's security group and its rules. */
  public readonly connections: ec2.Connections;
  /** The role DMS assumes to write into the raw bucket. */
  public readonly targetAccessRole: iam.Role;
  /** The role DMS assumes to read the DMS user's secret. */
  public readonly secretsAccessRole: iam.Role;
  /** The source endpoint (the primary). */
  public readonly sourceEndpoint: dms.CfnEndpoint;
  /** The S3 target endpoint (the raw bucket). */
  public readonly targetEndpoint: dms.CfnEndpoint;
  /** The serverless replication; its `ref` is its ARN. */
  public readonly replicationConfig: dms.CfnReplicationConfig;
  /** The raw bucket the changes land in. */
  public readonly bucket: DataLakeStorage['rawBucket'];
  /** The raw prefix of the source's changes, ending in `/`: `<rawPrefix><schema>/<table>/` per table. */
  public readonly rawPrefix: string;

  private readonly storage: DataLakeStorage;

  public constructor(scope: Construct, id: string, props: CdcReplicationProps) {
    super(scope, id);
    validateProps(this.node.path, props);
    this.storage = props.storage;
    this.bucket = props.storage.rawBucket;
    this.rawPrefix = props.rawPrefix;
    const stack = Stack.of(this);

    const securityGroup = new ec2.SecurityGroup(this, 'SecurityGroup', {
      vpc: props.vpc,
      description: 'DMS Serverless replication: the primary and the VPC endpoints only',
      allowAllOutbound: false,
    });
    this.connections = new ec2.Connections({ securityGroups: [securityGroup] });
    props.primarySecurityGroup.connections.allowFrom(
      securityGroup,
      ec2.Port.tcp(props.port),
      'DMS replication to the primary (binlog / WAL)',
    );
    securityGroup.connections.allowTo(
      props.primarySecurityGroup,
      ec2.Port.tcp(props.port),
      'DMS replication to the primary (binlog / WAL)',
    );

    const subnetGroup = new dms.CfnReplicationSubnetGroup(this, 'SubnetGroup', {
      replicationSubnetGroupDescription: `DMS replication ${props.identifier}`,
      subnetIds: props.vpc.selectSubnets(props.vpcSubnets ?? { subnetType: ec2.SubnetType.PRIVATE_ISOLATED })
        .subnetIds,
    });

    const trustThisAccount = { StringEquals: { 'aws:SourceAccount': stack.account } };
    this.targetAccessRole = new iam.Role(this, 'TargetAccessRole', {
      assumedBy: new iam.ServicePrincipal('dms.amazonaws.com').withConditions(trustThisAccount),
      path: props.rolePath,
      description: `DMS writes the changes of ${props.identifier} under ${props.rawPrefix} of the raw bucket`,
    });
    // Exactly the documented actions, narrower than the storage's write grant (no legal hold,
    // retention or version tagging): DMS is the one writer here that is not the lake's own code.
    const objects = iam.Grant.addToPrincipal({
      grantee: this.targetAccessRole,
      actions: DMS_S3_TARGET_OBJECT_ACTIONS,
      resourceArns: [props.storage.rawBucket.arnForObjects(`${props.rawPrefix}*`)],
    });
    acknowledgeGrantWildcards(
      this.targetAccessRole,
      objects,
      `DMS's S3 target writes objects it names itself, under ${props.rawPrefix} of the raw bucket only.`,
    );
    props.storage.rawKey.grant(this.targetAccessRole, ...DMS_S3_TARGET_KEY_ACTIONS);
    grantListPrefix(props.storage.rawBucket, this.targetAccessRole, props.rawPrefix);

    this.secretsAccessRole = new iam.Role(this, 'SecretsAccessRole', {
      assumedBy: new iam.ServicePrincipal(`dms.${stack.region}.amazonaws.com`).withConditions(
        trustThisAccount,
      ),
      path: props.rolePath,
      description: `DMS reads the secret of the ${props.identifier} source endpoint`,
    });
    this.secretsAccessRole.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['secretsmanager:GetSecretValue'],
        resources: [props.credentialsSecretArn],
      }),
    );

    const secretSettings = {
      secretsManagerSecretId: props.credentialsSecretArn,
      secretsManagerAccessRoleArn: this.secretsAccessRole.roleArn,
    };
    this.sourceEndpoint = new dms.CfnEndpoint(this, 'SourceEndpoint', {
      endpointType: 'source',
      engineName: dmsEngineName(props.engine, props.aurora),
      // "For a MySQL source or target endpoint, don't specify DatabaseName" (AWS::DMS::Endpoint).
      databaseName: props.engine === 'postgres' ? props.databaseName : undefined,
      // Encrypted in transit; `require` checks no certificate, which would need one imported into DMS.
      sslMode: 'require',
      ...(props.engine === 'mysql'
        ? { mySqlSettings: secretSettings }
        : { postgreSqlSettings: secretSettings }),
    });

    this.targetEndpoint = new dms.CfnEndpoint(this, 'TargetEndpoint', {
      endpointType: 'target',
      engineName: 's3',
      s3Settings: dmsS3Settings({
        bucketName: props.storage.rawBucket.bucketName,
        bucketFolder: props.rawPrefix.replace(/\/$/, ''),
        kmsKeyArn: props.storage.rawKey.keyArn,
        serviceAccessRoleArn: this.targetAccessRole.roleArn,
        expectedBucketOwner: stack.account,
      }),
    });

    this.replicationConfig = new dms.CfnReplicationConfig(this, 'Resource', {
      replicationConfigIdentifier: props.identifier,
      replicationType: 'full-load-and-cdc',
      sourceEndpointArn: this.sourceEndpoint.ref,
      targetEndpointArn: this.targetEndpoint.ref,
      tableMappings: dmsTableMappings(props.tables),
      replicationSettings: dmsReplicationSettings({ lobMaxSizeKb: props.lobMaxSizeKb ?? 1024 }),
      computeConfig: {
        maxCapacityUnits: props.maxCapacityUnits ?? 4,
        minCapacityUnits: props.minCapacityUnits,
        multiAz: props.multiAz ?? true,
        replicationSubnetGroupId: subnetGroup.ref,
        vpcSecurityGroupIds: [securityGroup.securityGroupId],
      },
    });
    // DMS checks both roles when the replication starts; they must exist, with their policies, first.
    for (const role of [this.targetAccessRole, this.secretsAccessRole]) {
      this.replicationConfig.node.addDependency(role);
    }
  }

  /**
   * The raw prefix of one captured table's files: DMS writes `BucketFolder/schema_name/table_name/`.
   *
   * @example
   * ```ts
   * cdc.tablePrefix('service', 'users'); // 'cdc/service/service/users/'
   * ```
   */
  public tablePrefix(schema: string, table: string): string {
    return `${this.rawPrefix}${schema}/${table}/`;
  }

  /**
   * Grants what the apply step needs of the changes: list the source's prefix, read its objects
   * and decrypt them with the raw key (the grantee must be under the lake's raw role path).
   *
   * @param grantee the apply step's function
   */
  public grantReadChanges(grantee: iam.IGrantable): iam.Grant {
    return this.storage
      .grantReadRaw(grantee, `${this.rawPrefix}*`)
      .combine(grantListPrefix(this.storage.rawBucket, grantee, this.rawPrefix));
  }
}

/** A replication identifier DMS takes: CreateReplicationTask's rule (see `nameLimits`). */
const REPLICATION_IDENTIFIER = /^[a-zA-Z](-?[a-zA-Z0-9]){0,254}$/;

function validateProps(path: string, props: CdcReplicationProps): void {
  const issues = [];
  if (!Token.isUnresolved(props.identifier) && !REPLICATION_IDENTIFIER.test(props.identifier)) {
    issues.push({
      path: 'identifier',
      message: `got ${JSON.stringify(props.identifier)}; must be 1 to 255 letters, digits or single hyphens, starting with a letter and not ending with a hyphen`,
    });
  }
  for (const key of ['maxCapacityUnits', 'minCapacityUnits'] as const) {
    const units = props[key];
    if (units !== undefined && !(DMS_CAPACITY_UNITS as readonly number[]).includes(units)) {
      issues.push({
        path: key,
        message: `got ${units}; DMS Serverless takes ${DMS_CAPACITY_UNITS.join(', ')} capacity units`,
      });
    }
  }
  if (props.tables.length === 0) {
    issues.push({ path: 'tables', message: 'got none; a replication needs at least one table to capture' });
  }
  if (!props.rawPrefix.endsWith('/')) {
    issues.push({ path: 'rawPrefix', message: `got ${JSON.stringify(props.rawPrefix)}; must end with "/"` });
  }
  if (props.minCapacityUnits !== undefined && props.minCapacityUnits > (props.maxCapacityUnits ?? 4)) {
    issues.push({
      path: 'minCapacityUnits',
      message: `got ${props.minCapacityUnits}; must be at most maxCapacityUnits (${props.maxCapacityUnits ?? 4})`,
    });
  }
  if (issues.length > 0) throw new InvalidPropsError(path, issues);
}
