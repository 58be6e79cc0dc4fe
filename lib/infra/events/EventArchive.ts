import {
  ArnFormat,
  Duration,
  RemovalPolicy,
  Size,
  SizeRoundingBehavior,
  Stack,
  Validations,
} from 'aws-cdk-lib';
import * as glue from 'aws-cdk-lib/aws-glue';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as firehose from 'aws-cdk-lib/aws-kinesisfirehose';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { type ConfigIssue, InvalidPropsError } from '../../core/errors';
import {
  ARCHIVE_PARTITION_KEYS,
  archiveColumns,
  archiveTableName,
  RESERVED_ARCHIVE_COLUMNS,
} from '../../core/events';
import { archiveErrorPrefix, archivePrefix } from '../../core/naming';
import type { ArchiveTransformEnvironment } from '../../tasks/archiveTransform/archiveTransformSettingsSchema';
import { acknowledgeGrantWildcards } from '../compliance/acknowledgeGrantWildcards';
import { pipelineFunction } from '../lambda/pipelineFunction';
import type { EventStream } from './EventStream';

/** The stream names the config allows: they become S3 prefixes and (with `_`) the table name. */
const ARCHIVE_NAME = /^[a-z][a-z0-9-]{0,62}$/;
/** Firehose's record format conversion needs a buffer of at least 64 MiB; 128 MiB is its maximum. */
const MIN_BUFFER_MIB = 64;
const MAX_BUFFER_MIB = 128;
/** The partition folders, as Firehose names them from the arrival clock (UTC). */
const PARTITION_FOLDERS = 'dt=!{timestamp:yyyy-MM-dd}/hour=!{timestamp:HH}/';

/** Props of {@link EventArchive}. */
export interface EventArchiveProps {
  /** The stream to archive; Firehose reads it and decrypts with its key. */
  readonly eventStream: EventStream;
  /** The stream's config name (e.g. `app-events`): the S3 prefix and, with `_`, the Glue table name. */
  readonly streamName: string;
  /** The bucket the Parquet files land in: the lake's events bucket. */
  readonly bucket: s3.IBucket;
  /**
   * The key that encrypts the archived objects (SSE-KMS).
   *
   * @default - the event stream's key
   */
  readonly bucketKey?: kms.IKey;
  /** The Glue database of the events table (`eventsDatabaseName(config.name)`). */
  readonly databaseName: string;
  /**
   * Payload fields with their own column, field → Athena type (the stream's `payloadFields`).
   *
   * @default - no payload columns; the payload stays in the `payload` JSON column
   */
  readonly payloadFields?: Readonly<Record<string, string>>;
  /**
   * The first day partition projection enumerates, `yyyy-MM-dd`. Earlier days are not queryable.
   *
   * @default '2024-01-01'
   */
  readonly projectionStartDate?: string;
  /**
   * How much Firehose buffers before it writes a file: 64 to 128 MiB (Parquet conversion's range).
   * Larger files are cheaper to query.
   *
   * @default Size.mebibytes(128)
   */
  readonly bufferSize?: Size;
  /**
   * How long Firehose buffers before it writes a file, whichever of size and time comes first:
   * 0 to 900 seconds. It bounds how late an event becomes queryable.
   *
   * @default Duration.seconds(300)
   */
  readonly bufferInterval?: Duration;
  /**
   * How long delivery error logs and the transform's logs are kept.
   *
   * @default logs.RetentionDays.THREE_MONTHS
   */
  readonly logRetention?: logs.RetentionDays;
  /**
   * The key the log groups are encrypted with.
   *
   * @default - the event stream's key
   */
  readonly logEncryptionKey?: kms.IKey;
  /**
   * The IAM path of the Firehose role. It decrypts the stream and the bucket's key, whose
   * policies let only the lake's roles decrypt: `lakeRolePaths(lake).events`.
   *
   * @default '/'
   */
  readonly rolePath?: string;
  /**
   * What happens to the table definition and the log groups when they leave the stack. The
   * archived files stay in the bucket either way.
   *
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;
}

/**
 * Archives an event stream for Athena: a Firehose delivery stream reads the Kinesis stream, a
 * transform Lambda flattens each envelope into the archive row (`archiveRow`), Firehose converts
 * the rows to Parquet (SNAPPY) with the schema of a Glue table it creates here, and writes them
 * SSE-KMS to `<stream>/dt=yyyy-MM-dd/hour=HH/` in the events bucket.
 *
 * **Which clock the partitions mean.** `dt` and `hour` are the UTC arrival time (Firehose's
 * `!{timestamp}` namespace: the approximate arrival time of the oldest record of the file), not
 * the device's `client_time`: device clocks drift, and a late event must not reopen an old
 * partition. A file holds at most one buffer interval of arrivals, so a row's `arrival_time`
 * may be up to that interval past its hour; filter on `dt`/`hour` to prune, on `arrival_time`
 * or `client_time` to be exact.
 *
 * Records the transform refuses (not an envelope, a payload value that does not fit its
 * column) and records the conversion fails land under
 * `errors/<stream>/<error type>/dt=…/hour=…/` with their original data: nothing is lost.
 * The table uses partition projection, so new hours are queryable without a crawler.
 *
 * @example
 * ```ts
 * new EventArchive(this, 'AppEventsArchive', {
 *   eventStream: appEvents,
 *   streamName: 'app-events',
 *   bucket: storage.eventsBucket,
 *   bucketKey: storage.eventsKey,
 *   databaseName: eventsDatabaseName(config.name),
 *   payloadFields: { itemId: 'bigint' },
 * });
 * ```
 */
export class EventArchive extends Construct {
  /** The Firehose delivery stream. */
  public readonly deliveryStream: firehose.CfnDeliveryStream;
  /** The Glue table of the archived events (Parquet, partition projection). */
  public readonly table: glue.CfnTable;
  /** The Glue table's name. */
  public readonly tableName: string;
  /** The role Firehose reads, transforms and writes with. */
  public readonly role: iam.Role;
  /** The record transformation Lambda (`lambdas/archive-transform`). */
  public readonly transform: lambda.IFunction;
  /** Where Firehose logs delivery errors. */
  public readonly logGroup: logs.LogGroup;
  /** The key prefix of the archived files, e.g. `app-events/`. */
  public readonly prefix: string;
  /** The key prefix of the records that could not be archived, e.g. `errors/app-events/`. */
  public readonly errorPrefix: string;

  public constructor(scope: Construct, id: string, props: EventArchiveProps) {
    super(scope, id);
    validateProps(this.node.path, props);
    const stack = Stack.of(this);
    const removalPolicy = props.removalPolicy ?? RemovalPolicy.RETAIN;
    const logRetention = props.logRetention ?? logs.RetentionDays.THREE_MONTHS;
    const logEncryptionKey = props.logEncryptionKey ?? props.eventStream.encryptionKey;
    const bucketKey = props.bucketKey ?? props.eventStream.encryptionKey;
    this.prefix = archivePrefix(props.streamName);
    this.errorPrefix = archiveErrorPrefix(props.streamName);
    this.tableName = archiveTableName(props.streamName);

    this.table = this.eventsTable(props, removalPolicy);
    this.role = new iam.Role(this, 'Role', {
      description: `Firehose archive of the ${props.streamName} event stream: read the stream, transform, convert, write Parquet`,
      assumedBy: new iam.ServicePrincipal('firehose.amazonaws.com', {
        conditions: { StringEquals: { 'sts:ExternalId': stack.account } },
      }),
      path: props.rolePath,
    });
    this.transform = pipelineFunction(this, 'Transform', {
      name: 'archive-transform',
      description: `Flattens ${props.streamName} event envelopes into archive rows for Firehose`,
      memorySize: 256,
      timeout: Duration.minutes(1),
      environment: {
        ARCHIVE_PAYLOAD_FIELDS: JSON.stringify(props.payloadFields ?? {}),
      } satisfies ArchiveTransformEnvironment,
      logRetention,
      logEncryptionKey,
      removalPolicy,
      pipeline: `${props.streamName} archive`,
    });
    this.logGroup = new logs.LogGroup(this, 'DeliveryLogs', {
      retention: logRetention,
      encryptionKey: logEncryptionKey,
      removalPolicy,
    });
    const logStream = this.logGroup.addStream('S3Delivery');

    this.grantArchiveAccess(props, bucketKey, logStream.logStreamName);
    this.deliveryStream = new firehose.CfnDeliveryStream(this, 'Resource', {
      deliveryStreamType: 'KinesisStreamAsSource',
      kinesisStreamSourceConfiguration: {
        kinesisStreamArn: props.eventStream.streamArn,
        roleArn: this.role.roleArn,
      },
      extendedS3DestinationConfiguration: {
        bucketArn: props.bucket.bucketArn,
        roleArn: this.role.roleArn,
        prefix: `${this.prefix}${PARTITION_FOLDERS}`,
        errorOutputPrefix: `${this.errorPrefix}!{firehose:error-output-type}/${PARTITION_FOLDERS}`,
        bufferingHints: {
          sizeInMBs: (props.bufferSize ?? Size.mebibytes(MAX_BUFFER_MIB)).toMebibytes(),
          intervalInSeconds: (props.bufferInterval ?? Duration.seconds(300)).toSeconds(),
        },
        // Parquet compresses its own pages (SNAPPY); Firehose must not compress the file again.
        compressionFormat: 'UNCOMPRESSED',
        encryptionConfiguration: { kmsEncryptionConfig: { awskmsKeyArn: bucketKey.keyArn } },
        cloudWatchLoggingOptions: {
          enabled: true,
          logGroupName: this.logGroup.logGroupName,
          logStreamName: logStream.logStreamName,
        },
        processingConfiguration: {
          enabled: true,
          processors: [
            {
              type: 'Lambda',
              parameters: [
                { parameterName: 'LambdaArn', parameterValue: this.transform.functionArn },
                { parameterName: 'NumberOfRetries', parameterValue: '3' },
              ],
            },
          ],
        },
        dataFormatConversionConfiguration: {
          enabled: true,
          inputFormatConfiguration: { deserializer: { openXJsonSerDe: {} } },
          outputFormatConfiguration: { serializer: { parquetSerDe: { compression: 'SNAPPY' } } },
          schemaConfiguration: {
            catalogId: stack.account,
            region: stack.region,
            databaseName: props.databaseName,
            tableName: this.tableName,
            roleArn: this.role.roleArn,
            versionId: 'LATEST',
          },
        },
      },
    });
    // Firehose checks its permissions when the stream is created: the policies must exist first.
    this.deliveryStream.node.addDependency(this.role);
    Validations.of(this.deliveryStream).acknowledge({
      id: 'AwsSolutions-KDF1',
      reason:
        'A delivery stream whose source is a Kinesis stream cannot enable its own SSE; the source stream is KMS-encrypted and the files are SSE-KMS.',
    });
  }

  /** The Glue table Firehose's conversion reads its schema from and Athena queries. */
  private eventsTable(props: EventArchiveProps, removalPolicy: RemovalPolicy): glue.CfnTable {
    const location = props.bucket.s3UrlForObject(this.prefix);
    const start = props.projectionStartDate ?? '2024-01-01';
    const table = new glue.CfnTable(this, 'Table', {
      catalogId: Stack.of(this).account,
      databaseName: props.databaseName,
      tableInput: {
        name: this.tableName,
        description: `Client events of the ${props.streamName} stream, archived by Firehose; partitions by UTC arrival date and hour`,
        tableType: 'EXTERNAL_TABLE',
        parameters: {
          classification: 'parquet',
          'projection.enabled': 'true',
          'projection.dt.type': 'date',
          'projection.dt.range': `${start},NOW`,
          'projection.dt.format': 'yyyy-MM-dd',
          'projection.dt.interval': '1',
          'projection.dt.interval.unit': 'DAYS',
          'projection.hour.type': 'integer',
          'projection.hour.range': '0,23',
          'projection.hour.digits': '2',
          'storage.location.template': `${location}dt=\${dt}/hour=\${hour}/`,
        },
        partitionKeys: ARCHIVE_PARTITION_KEYS.map(({ name, type, comment }) => ({ name, type, comment })),
        storageDescriptor: {
          location,
          columns: archiveColumns(props).map(({ name, type, comment }) => ({ name, type, comment })),
          inputFormat: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat',
          outputFormat: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat',
          serdeInfo: {
            serializationLibrary: 'org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe',
            parameters: { 'serialization.format': '1' },
          },
        },
      },
    });
    table.applyRemovalPolicy(removalPolicy);
    return table;
  }

  /** Exactly what Firehose needs, per the Firehose developer guide's access-control page. */
  private grantArchiveAccess(props: EventArchiveProps, bucketKey: kms.IKey, logStreamName: string): void {
    const stack = Stack.of(this);
    const role = this.role;
    const stream = props.eventStream;
    iam.Grant.addToPrincipal({
      grantee: role,
      actions: [
        'kinesis:DescribeStream',
        'kinesis:GetShardIterator',
        'kinesis:GetRecords',
        'kinesis:ListShards',
      ],
      resourceArns: [stream.streamArn],
    });
    iam.Grant.addToPrincipal({
      grantee: role,
      actions: ['kms:Decrypt'],
      resourceArns: [stream.encryptionKey.keyArn],
      conditions: { StringEquals: { 'kms:ViaService': `kinesis.${stack.region}.amazonaws.com` } },
    });

    iam.Grant.addToPrincipal({
      grantee: role,
      actions: ['s3:GetBucketLocation', 's3:ListBucket', 's3:ListBucketMultipartUploads'],
      resourceArns: [props.bucket.bucketArn],
    });
    const objects = iam.Grant.addToPrincipal({
      grantee: role,
      actions: ['s3:AbortMultipartUpload', 's3:GetObject', 's3:PutObject'],
      resourceArns: [
        props.bucket.arnForObjects(`${this.prefix}*`),
        props.bucket.arnForObjects(`${this.errorPrefix}*`),
      ],
    });
    acknowledgeGrantWildcards(
      role,
      objects,
      "Firehose writes objects under this stream's archive and error prefixes only: the wildcards name those objects.",
    );
    iam.Grant.addToPrincipal({
      grantee: role,
      actions: ['kms:GenerateDataKey', 'kms:Decrypt'],
      resourceArns: [bucketKey.keyArn],
      conditions: { StringEquals: { 'kms:ViaService': `s3.${stack.region}.amazonaws.com` } },
    });

    iam.Grant.addToPrincipal({
      grantee: role,
      actions: ['glue:GetTable', 'glue:GetTableVersion', 'glue:GetTableVersions'],
      resourceArns: [
        stack.formatArn({ service: 'glue', resource: 'catalog' }),
        stack.formatArn({ service: 'glue', resource: 'database', resourceName: props.databaseName }),
        stack.formatArn({
          service: 'glue',
          resource: 'table',
          resourceName: `${props.databaseName}/${this.tableName}`,
        }),
      ],
    });

    const invoke = this.transform.grantInvoke(role);
    acknowledgeGrantWildcards(
      role,
      invoke,
      "aws-cdk-lib's invoke grant on the transform function: the wildcard names its versions and aliases.",
    );
    iam.Grant.addToPrincipal({
      grantee: role,
      actions: ['lambda:GetFunctionConfiguration'],
      resourceArns: [this.transform.functionArn],
    });

    iam.Grant.addToPrincipal({
      grantee: role,
      actions: ['logs:PutLogEvents'],
      resourceArns: [
        stack.formatArn({
          service: 'logs',
          resource: 'log-group',
          resourceName: `${this.logGroup.logGroupName}:log-stream:${logStreamName}`,
          arnFormat: ArnFormat.COLON_RESOURCE_NAME,
        }),
      ],
    });
  }
}

function validateProps(constructPath: string, props: EventArchiveProps): void {
  const issues: ConfigIssue[] = [];
  if (!ARCHIVE_NAME.test(props.streamName)) {
    issues.push({
      path: 'streamName',
      message: `got '${props.streamName}'; allowed: a lower-case letter, then up to 62 lower-case letters, digits or '-'`,
    });
  }
  for (const field of Object.keys(props.payloadFields ?? {})) {
    if (RESERVED_ARCHIVE_COLUMNS.has(field.toLowerCase())) {
      issues.push({
        path: `payloadFields.${field}`,
        message: `got '${field}', an archive column of its own; allowed: any name but ${[...RESERVED_ARCHIVE_COLUMNS].join(', ')}`,
      });
    }
  }
  const start = props.projectionStartDate;
  if (
    start !== undefined &&
    !(/^\d{4}-\d{2}-\d{2}$/.test(start) && new Date(`${start}T00:00:00Z`).toISOString().startsWith(start))
  ) {
    issues.push({
      path: 'projectionStartDate',
      message: `got '${start}'; allowed: a calendar date as yyyy-MM-dd`,
    });
  }
  const size = props.bufferSize;
  if (size !== undefined && !size.isUnresolved()) {
    const mib = size.toMebibytes({ rounding: SizeRoundingBehavior.NONE });
    if (!Number.isInteger(mib) || mib < MIN_BUFFER_MIB || mib > MAX_BUFFER_MIB) {
      issues.push({
        path: 'bufferSize',
        message: `got ${size.toKibibytes()} KiB; allowed: whole MiB from ${MIN_BUFFER_MIB} to ${MAX_BUFFER_MIB} (Parquet conversion needs at least ${MIN_BUFFER_MIB})`,
      });
    }
  }
  const interval = props.bufferInterval;
  if (interval !== undefined && !interval.isUnresolved()) {
    const seconds = interval.toSeconds({ integral: false });
    if (!Number.isInteger(seconds) || seconds < 0 || seconds > 900) {
      issues.push({
        path: 'bufferInterval',
        message: `got ${interval.toHumanString()}; allowed: whole seconds from 0 to 900`,
      });
    }
  }
  if (issues.length > 0) throw new InvalidPropsError(constructPath, issues);
}
