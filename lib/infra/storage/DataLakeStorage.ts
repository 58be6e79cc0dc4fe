import { Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { S3_SERVER_ACCESS_LOGS_USE_BUCKET_POLICY } from 'aws-cdk-lib/cx-api';
import { Construct } from 'constructs';
import { type ConfigIssue, InvalidPropsError } from '../../core/errors';
import { acknowledgeGrantWildcards } from '../compliance/acknowledgeGrantWildcards';
import { type LakeRolePaths, lakeRolePaths } from '../security/lakeRolePaths';
import { zoneKeyPolicy } from './zoneKeyPolicy';

/** The key actions aws-cdk-lib's bucket read grant gives, so the combined grant has no extra statement. */
const KEY_READ_ACTIONS = ['kms:Decrypt', 'kms:DescribeKey'];
/** The key actions aws-cdk-lib's bucket write and put grants give. */
const KEY_WRITE_ACTIONS = ['kms:Encrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Decrypt'];

/** Props of {@link DataLakeStorage}. Every lifecycle duration is a whole number of days. */
export interface DataLakeStorageProps {
  /**
   * The alias prefix of the four zone keys: each key gets `<prefix>/<zone>` (`alias/` is
   * added when missing), e.g. `alias/marketplace-lake/raw`.
   *
   * @default - no aliases
   */
  readonly keyAliasPrefix?: string;

  /**
   * The lake's IAM role paths: the raw key lets only roles under `raw` decrypt, the other keys
   * roles under `lake` (see {@link zoneKeyPolicy}). Give the lake's roles these paths.
   *
   * @default - lakeRolePaths(<the stack's name>)
   */
  readonly rolePaths?: LakeRolePaths;

  /**
   * What happens to the buckets (and a created key) when they leave the stack.
   * With `DESTROY` the buckets are emptied first (autoDeleteObjects); any other
   * policy keeps the data.
   *
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;

  /**
   * How long RDS snapshot exports stay in the raw bucket. They are only read by the
   * transform, so a short life keeps unmasked personal data out of S3.
   *
   * @default Duration.days(7)
   */
  readonly rawObjectExpiration?: Duration;

  /**
   * How long a replaced or deleted object version is kept in the versioned buckets
   * (curated and access logs) before it is removed.
   *
   * @default Duration.days(30)
   */
  readonly noncurrentVersionExpiration?: Duration;

  /**
   * How long Athena query results are kept.
   *
   * @default Duration.days(30)
   */
  readonly queryResultsExpiration?: Duration;

  /**
   * How long S3 server access logs are kept.
   *
   * @default Duration.days(365)
   */
  readonly accessLogsExpiration?: Duration;

  /**
   * After how long an incomplete multipart upload is aborted, in every bucket.
   *
   * @default Duration.days(7)
   */
  readonly abortIncompleteMultipartUploadAfter?: Duration;
}

/** The lake's zones, each encrypted with a key of its own. */
export const DATA_LAKE_ZONES = ['raw', 'curated', 'events', 'operations'] as const;

/** One of {@link DATA_LAKE_ZONES}. */
export type DataLakeZone = (typeof DATA_LAKE_ZONES)[number];

const KEY_DESCRIPTIONS: Record<DataLakeZone, string> = {
  raw: 'Encrypts the raw zone: unmasked snapshot exports, replica runs and the masking salt',
  curated: 'Encrypts the curated zone: masked tables and watermarks',
  events: 'Encrypts the events zone: Kinesis streams and the archived events',
  operations: 'Encrypts operations data: log groups, queues, alarm topics and Athena query results',
};

/**
 * The data lake's S3 storage: one KMS key per zone and the buckets every other part writes to.
 *
 * - `rawBucket`: landing zone of RDS snapshot exports (all columns, short-lived);
 * - `curatedBucket`: masked, partitioned Parquet that Athena queries (versioned);
 * - `eventsBucket`: client events archived as Parquet;
 * - `queryResultsBucket`: Athena query results (short-lived);
 * - `accessLogsBucket`: S3 server access logs of the four buckets above.
 *
 * Keys: `rawKey` (raw bucket, masking salt), `curatedKey` (curated bucket), `eventsKey`
 * (events bucket, Kinesis, Firehose) and `operationsKey` (query results bucket, log groups,
 * queues, alarm topics), so a grant on one zone's data never opens another's. Each key's policy
 * names who may decrypt by IAM role path ({@link zoneKeyPolicy}): the raw key only the roles
 * under `rolePaths.raw`.
 *
 * The four data buckets are SSE-KMS with their zone's key (S3 Bucket Keys on), TLS-only,
 * private (all public access blocked, ACLs disabled) and log their access.
 * Incomplete multipart uploads are aborted everywhere. Buckets are retained by
 * default: they hold the lake's data.
 *
 * @example
 * ```ts
 * const storage = new DataLakeStorage(this, 'Storage', { keyAliasPrefix: 'alias/marketplace-lake' });
 * storage.grantReadRaw(transform, 'exports/service/*');
 * storage.grantWriteCurated(transform, 'service/*');
 * ```
 */
export class DataLakeStorage extends Construct {
  /** Encrypts the raw zone: the raw bucket (unmasked exports, replica runs) and the masking salt. */
  public readonly rawKey: kms.Key;
  /** Encrypts the curated bucket. */
  public readonly curatedKey: kms.Key;
  /** Encrypts the events bucket, the Kinesis streams and Firehose. */
  public readonly eventsKey: kms.Key;
  /** Encrypts operations data: the query results bucket, log groups, queues and alarm topics. */
  public readonly operationsKey: kms.Key;
  /** Landing zone of RDS snapshot exports. */
  public readonly rawBucket: s3.Bucket;
  /** Curated, masked Parquet tables; versioned. */
  public readonly curatedBucket: s3.Bucket;
  /** Client events archived for Athena. */
  public readonly eventsBucket: s3.Bucket;
  /** Athena query results. */
  public readonly queryResultsBucket: s3.Bucket;
  /**
   * Server access logs of the other buckets. S3 server access logging cannot deliver
   * to an SSE-KMS bucket, so this one is SSE-S3; it is TLS-only, private and versioned,
   * and S3's logging service writes to it through its bucket policy, not ACLs.
   */
  public readonly accessLogsBucket: s3.Bucket;

  private readonly removalPolicy: RemovalPolicy;
  private readonly abortIncompleteMultipartUploadAfter: Duration;

  public constructor(scope: Construct, id: string, props: DataLakeStorageProps = {}) {
    super(scope, id);
    validateProps(this.node.path, props);
    // Log delivery by bucket policy: the ACL path would switch the log bucket back to
    // ObjectWriter ownership. Set here so the construct does not depend on the app's flags.
    this.node.setContext(S3_SERVER_ACCESS_LOGS_USE_BUCKET_POLICY, true);

    this.removalPolicy = props.removalPolicy ?? RemovalPolicy.RETAIN;
    this.abortIncompleteMultipartUploadAfter = props.abortIncompleteMultipartUploadAfter ?? Duration.days(7);
    const noncurrentVersionExpiration = props.noncurrentVersionExpiration ?? Duration.days(30);

    const rolePaths = props.rolePaths ?? lakeRolePaths(Stack.of(this).stackName);
    const zoneKey = (zone: DataLakeZone) =>
      new kms.Key(this, `${zone[0].toUpperCase()}${zone.slice(1)}Key`, {
        description: KEY_DESCRIPTIONS[zone],
        enableKeyRotation: true,
        alias: props.keyAliasPrefix === undefined ? undefined : `${props.keyAliasPrefix}/${zone}`,
        removalPolicy: this.removalPolicy,
        policy: zoneKeyPolicy(this, {
          decryptingRolePath: zone === 'raw' ? rolePaths.raw : rolePaths.lake,
          // The masking salt secret is in the raw zone; the log groups use the operations key.
          secretsManagerValidation: zone === 'raw',
          cloudWatchLogs: zone === 'operations',
        }),
      });
    this.rawKey = zoneKey('raw');
    this.curatedKey = zoneKey('curated');
    this.eventsKey = zoneKey('events');
    this.operationsKey = zoneKey('operations');
    // The alarm topic is encrypted with the operations key: CloudWatch alarms and EventBridge rules
    // publish to an encrypted topic only when the key policy lets their service principals use the
    // key ("Enable compatibility between event sources from AWS services and encrypted topics",
    // https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html#compatibility-with-aws-services).
    // Generating and decrypting a data key for SNS reveals nothing stored under the key.
    this.operationsKey.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'AlarmsAndRulesPublishToEncryptedTopics',
        principals: [
          new iam.ServicePrincipal('cloudwatch.amazonaws.com'),
          new iam.ServicePrincipal('events.amazonaws.com'),
        ],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        resources: ['*'],
      }),
    );

    this.accessLogsBucket = new s3.Bucket(this, 'AccessLogsBucket', {
      encryption: s3.BucketEncryption.S3_MANAGED,
      ...this.commonBucketProps(),
      versioned: true,
      lifecycleRules: [
        this.abortUploadsRule(),
        {
          id: 'ExpireLogs',
          expiration: props.accessLogsExpiration ?? Duration.days(365),
          noncurrentVersionExpiration,
        },
      ],
    });
    Validations.of(this.accessLogsBucket).acknowledge({
      id: 'AwsSolutions-S1',
      reason: 'This is the server access log bucket; logging its own access would log forever.',
    });

    this.rawBucket = this.dataBucket('RawBucket', 'raw/', this.rawKey, {
      lifecycleRules: [
        this.abortUploadsRule(),
        { id: 'ExpireExports', expiration: props.rawObjectExpiration ?? Duration.days(7) },
      ],
    });
    this.curatedBucket = this.dataBucket('CuratedBucket', 'curated/', this.curatedKey, {
      versioned: true,
      lifecycleRules: [
        this.abortUploadsRule(),
        { id: 'ExpireNoncurrentVersions', noncurrentVersionExpiration },
      ],
    });
    this.eventsBucket = this.dataBucket('EventsBucket', 'events/', this.eventsKey, {
      lifecycleRules: [this.abortUploadsRule()],
    });
    this.queryResultsBucket = this.dataBucket('QueryResultsBucket', 'query-results/', this.operationsKey, {
      lifecycleRules: [
        this.abortUploadsRule(),
        { id: 'ExpireResults', expiration: props.queryResultsExpiration ?? Duration.days(30) },
      ],
    });
  }

  /**
   * Grants reading the raw bucket (unmasked exports, replica runs) and decrypting with the raw key.
   *
   * @param grantee e.g. the transform
   * @param keyPattern the objects the grantee may read, e.g. `exports/service/*`
   * @default keyPattern '*'
   */
  public grantReadRaw(grantee: iam.IGrantable, keyPattern = '*'): iam.Grant {
    return this.grantRead(this.rawBucket, this.rawKey, grantee, keyPattern);
  }

  /**
   * Grants writing (put and delete) to the raw bucket and encrypting with the raw key.
   *
   * @param grantee the RDS snapshot export role; give it {@link grantReadRaw} too, the
   *   export lists and reads back what it writes
   * @param keyPattern the objects the grantee may write, e.g. `exports/service/*`
   * @default keyPattern '*'
   * @example
   * ```ts
   * storage.grantReadRaw(exportRole, 'exports/service/*');
   * storage.grantWriteRaw(exportRole, 'exports/service/*');
   * ```
   */
  public grantWriteRaw(grantee: iam.IGrantable, keyPattern = '*'): iam.Grant {
    return this.grantWrite(this.rawBucket, this.rawKey, grantee, keyPattern);
  }

  /**
   * Grants deleting objects of the raw bucket (`s3:DeleteObject`), and nothing else: no key
   * use, so a step that removes what it has consumed cannot read or write raw data by it.
   *
   * @param grantee e.g. the commit step, which removes a table's exports once committed
   * @param keyPattern the objects the grantee may delete
   * @default keyPattern '*'
   */
  public grantDeleteRaw(grantee: iam.IGrantable, keyPattern = '*'): iam.Grant {
    const grant = iam.Grant.addToPrincipal({
      grantee,
      actions: ['s3:DeleteObject'],
      resourceArns: [this.rawBucket.arnForObjects(keyPattern)],
    });
    acknowledgeGrantWildcards(grantee, grant, wildcardReason('delete', this.rawBucket));
    return grant;
  }

  /**
   * Grants reading the curated bucket and decrypting with the curated key.
   *
   * @param grantee e.g. the commit step, which reads back the Parquet it verifies
   * @param keyPattern the objects the grantee may read, e.g. `service/*`
   * @default keyPattern '*'
   */
  public grantReadCurated(grantee: iam.IGrantable, keyPattern = '*'): iam.Grant {
    return this.grantRead(this.curatedBucket, this.curatedKey, grantee, keyPattern);
  }

  /**
   * Grants writing (put and delete) to the curated bucket and encrypting with the curated key.
   * Delete is included: the commit step removes superseded runs.
   *
   * @param grantee the transform and the commit step
   * @param keyPattern the objects the grantee may write, e.g. `service/*`
   * @default keyPattern '*'
   */
  public grantWriteCurated(grantee: iam.IGrantable, keyPattern = '*'): iam.Grant {
    return this.grantWrite(this.curatedBucket, this.curatedKey, grantee, keyPattern);
  }

  /**
   * Grants reading the events bucket and decrypting with the events key.
   *
   * @param grantee a reader of the archived events
   */
  public grantReadEvents(grantee: iam.IGrantable): iam.Grant {
    return this.grantRead(this.eventsBucket, this.eventsKey, grantee, '*');
  }

  /**
   * Grants putting objects into the events bucket and encrypting with the events key. No
   * delete: the event archive is append-only.
   *
   * @param grantee the events archiver
   */
  public grantWriteEvents(grantee: iam.IGrantable): iam.Grant {
    const grant = this.eventsBucket
      .grantPut(grantee)
      .combine(this.eventsKey.grant(grantee, ...KEY_WRITE_ACTIONS));
    acknowledgeGrantWildcards(grantee, grant, wildcardReason('put', this.eventsBucket));
    return grant;
  }

  private grantRead(
    bucket: s3.Bucket,
    key: kms.IKey,
    grantee: iam.IGrantable,
    keyPattern: string,
  ): iam.Grant {
    const grant = bucket.grantRead(grantee, keyPattern).combine(key.grant(grantee, ...KEY_READ_ACTIONS));
    acknowledgeGrantWildcards(grantee, grant, wildcardReason('read', bucket));
    return grant;
  }

  private grantWrite(
    bucket: s3.Bucket,
    key: kms.IKey,
    grantee: iam.IGrantable,
    keyPattern: string,
  ): iam.Grant {
    const grant = bucket.grantWrite(grantee, keyPattern).combine(key.grant(grantee, ...KEY_WRITE_ACTIONS));
    acknowledgeGrantWildcards(grantee, grant, wildcardReason('write', bucket));
    return grant;
  }

  private dataBucket(
    id: string,
    logPrefix: string,
    encryptionKey: kms.IKey,
    props: s3.BucketProps,
  ): s3.Bucket {
    return new s3.Bucket(this, id, {
      encryption: s3.BucketEncryption.KMS,
      encryptionKey,
      bucketKeyEnabled: true,
      serverAccessLogsBucket: this.accessLogsBucket,
      serverAccessLogsPrefix: logPrefix,
      ...this.commonBucketProps(),
      ...props,
    });
  }

  private commonBucketProps(): s3.BucketProps {
    return {
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      removalPolicy: this.removalPolicy,
      autoDeleteObjects: this.removalPolicy === RemovalPolicy.DESTROY,
    };
  }

  private abortUploadsRule(): s3.LifecycleRule {
    return {
      id: 'AbortIncompleteUploads',
      abortIncompleteMultipartUploadAfter: this.abortIncompleteMultipartUploadAfter,
    };
  }
}

function wildcardReason(access: string, bucket: s3.Bucket): string {
  return `The ${access} grant on the data lake bucket ${bucket.node.id} and its key only: the wildcards name object actions and the bucket's objects (or the given key pattern).`;
}

const DURATION_PROPS = [
  'rawObjectExpiration',
  'noncurrentVersionExpiration',
  'queryResultsExpiration',
  'accessLogsExpiration',
  'abortIncompleteMultipartUploadAfter',
] as const;

function validateProps(constructPath: string, props: DataLakeStorageProps): void {
  const issues: ConfigIssue[] = [];
  for (const name of DURATION_PROPS) {
    const duration = props[name];
    if (duration === undefined || duration.isUnresolved()) continue;
    const days = duration.toDays({ integral: false });
    if (!Number.isInteger(days) || days < 1) {
      issues.push({
        path: name,
        message: `got ${duration.toHumanString()}; S3 lifecycle rules need a whole number of days, at least 1`,
      });
    }
  }
  if (issues.length > 0) throw new InvalidPropsError(constructPath, issues);
}
