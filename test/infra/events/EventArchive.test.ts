import { type App, type CfnElement, Duration, Size, type Stack, Validations } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import type * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { EventArchive, type EventArchiveProps } from '../../../lib/infra/events/EventArchive';
import { EventStream } from '../../../lib/infra/events/EventStream';
import { describeFindings, nagFindings } from '../../helpers/nag';
import { testStack } from '../../helpers/testApp';

interface Built {
  stack: Stack;
  key: kms.Key;
  bucket: s3.Bucket;
  events: EventStream;
  archive: EventArchive;
}

/** A key, an encrypted bucket, an event stream and its archive; not synthesized. */
function buildUnsynthesized(props: Partial<EventArchiveProps> = {}): Built {
  const stack = testStack();
  const key = new kms.Key(stack, 'Key', { enableKeyRotation: true });
  const bucket = new s3.Bucket(stack, 'EventsBucket', {
    encryption: s3.BucketEncryption.KMS,
    encryptionKey: key,
    enforceSSL: true,
    blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
  });
  Validations.of(bucket).acknowledge({
    id: 'AwsSolutions-S1',
    reason: "Test fixture; the lake's events bucket (DataLakeStorage) logs its access.",
  });
  const events = new EventStream(stack, 'Events', { encryptionKey: key });
  const archive = new EventArchive(stack, 'Archive', {
    eventStream: events,
    streamName: 'app-events',
    bucket,
    databaseName: 'marketplace_events',
    ...props,
  });
  return { stack, key, bucket, events, archive };
}

function build(props: Partial<EventArchiveProps> = {}): Built & { template: Template } {
  const built = buildUnsynthesized(props);
  return { ...built, template: Template.fromStack(built.stack) };
}

function id(stack: Stack, construct: { node: { defaultChild?: unknown } }): string {
  return stack.getLogicalId(construct.node.defaultChild as CfnElement);
}

function arn(stack: Stack, construct: { node: { defaultChild?: unknown } }): { 'Fn::GetAtt': string[] } {
  return { 'Fn::GetAtt': [id(stack, construct), 'Arn'] };
}

/** The synthesized S3 destination of the delivery stream. */
function destination(built: Built & { template: Template }): Record<string, unknown> {
  const resource = built.template.toJSON().Resources[built.stack.getLogicalId(built.archive.deliveryStream)];
  return resource.Properties.ExtendedS3DestinationConfiguration;
}

/** The table input of the synthesized Glue table. */
function tableInput(built: Built & { template: Template }): Record<string, unknown> {
  return built.template.toJSON().Resources[built.stack.getLogicalId(built.archive.table)].Properties
    .TableInput;
}

/** Every statement of the policies attached to `role`. */
function statementsOf(built: Built & { template: Template }, role: iam.Role): Array<Record<string, unknown>> {
  const roleRef = JSON.stringify({ Ref: id(built.stack, role) });
  return Object.values(built.template.findResources('AWS::IAM::Policy'))
    .filter((policy) => JSON.stringify(policy.Properties.Roles).includes(roleRef))
    .flatMap((policy) => policy.Properties.PolicyDocument.Statement);
}

describe('EventArchive', () => {
  describe('Firehose delivery stream', () => {
    it('reads the Kinesis stream with its own role', () => {
      // Act
      const built = build();

      // Assert
      built.template.hasResourceProperties('AWS::KinesisFirehose::DeliveryStream', {
        DeliveryStreamType: 'KinesisStreamAsSource',
        KinesisStreamSourceConfiguration: {
          KinesisStreamARN: arn(built.stack, built.events.stream),
          RoleARN: arn(built.stack, built.archive.role),
        },
      });
    });

    it('converts OpenX JSON to SNAPPY Parquet with the schema of the archive table', () => {
      // Act
      const built = build();

      // Assert
      expect(destination(built).DataFormatConversionConfiguration).toEqual({
        Enabled: true,
        InputFormatConfiguration: { Deserializer: { OpenXJsonSerDe: {} } },
        OutputFormatConfiguration: { Serializer: { ParquetSerDe: { Compression: 'SNAPPY' } } },
        SchemaConfiguration: {
          CatalogId: '123456789012',
          Region: 'eu-west-1',
          DatabaseName: 'marketplace_events',
          TableName: 'app_events',
          RoleARN: arn(built.stack, built.archive.role),
          VersionId: 'LATEST',
        },
      });
    });

    it('writes to the stream prefix by UTC arrival date and hour, and refused records under the error prefix', () => {
      // Act
      const built = build();

      // Assert
      expect(destination(built)).toMatchObject({
        BucketARN: arn(built.stack, built.bucket),
        Prefix: 'app-events/dt=!{timestamp:yyyy-MM-dd}/hour=!{timestamp:HH}/',
        ErrorOutputPrefix:
          'errors/app-events/!{firehose:error-output-type}/dt=!{timestamp:yyyy-MM-dd}/hour=!{timestamp:HH}/',
      });
    });

    it('encrypts the files with the key (SSE-KMS) and leaves compression to Parquet', () => {
      // Act
      const built = build();

      // Assert
      expect(destination(built)).toMatchObject({
        EncryptionConfiguration: { KMSEncryptionConfig: { AWSKMSKeyARN: arn(built.stack, built.key) } },
        CompressionFormat: 'UNCOMPRESSED',
      });
    });

    it('buffers 128 MiB or 300 s by default, and as configured', () => {
      // Act
      const byDefault = build();
      const tuned = build({ bufferSize: Size.mebibytes(64), bufferInterval: Duration.seconds(60) });

      // Assert
      expect(destination(byDefault).BufferingHints).toEqual({ SizeInMBs: 128, IntervalInSeconds: 300 });
      expect(destination(tuned).BufferingHints).toEqual({ SizeInMBs: 64, IntervalInSeconds: 60 });
    });

    it('logs delivery errors to its own encrypted log group', () => {
      // Act
      const built = build();

      // Assert
      expect(destination(built).CloudWatchLoggingOptions).toEqual({
        Enabled: true,
        LogGroupName: { Ref: id(built.stack, built.archive.logGroup) },
        LogStreamName: { Ref: id(built.stack, built.archive.logGroup.node.findChild('S3Delivery')) },
      });
      built.template.hasResourceProperties('AWS::Logs::LogGroup', {
        KmsKeyId: arn(built.stack, built.key),
        RetentionInDays: 90,
      });
    });

    it('runs the archive-transform Lambda as its record processor', () => {
      // Act
      const built = build();

      // Assert
      expect(destination(built).ProcessingConfiguration).toEqual({
        Enabled: true,
        Processors: [
          {
            Type: 'Lambda',
            Parameters: [
              { ParameterName: 'LambdaArn', ParameterValue: arn(built.stack, built.archive.transform) },
              { ParameterName: 'NumberOfRetries', ParameterValue: '3' },
            ],
          },
        ],
      });
    });

    it("gives the transform the stream's payload fields", () => {
      // Act
      const built = build({ payloadFields: { itemId: 'bigint' } });

      // Assert
      built.template.hasResourceProperties('AWS::Lambda::Function', {
        Environment: { Variables: Match.objectLike({ ARCHIVE_PAYLOAD_FIELDS: '{"itemId":"bigint"}' }) },
      });
    });

    it('is created after its role policy, which Firehose checks on creation', () => {
      // Act
      const built = build();

      // Assert
      const resource =
        built.template.toJSON().Resources[built.stack.getLogicalId(built.archive.deliveryStream)];
      expect(resource.DependsOn).toEqual(
        expect.arrayContaining([expect.stringMatching(/^ArchiveRoleDefaultPolicy/)]),
      );
    });
  });

  describe('Glue table', () => {
    it('has the envelope columns, then the payload columns, partitioned by dt and hour', () => {
      // Act
      const built = build({ payloadFields: { itemId: 'bigint', price: 'decimal(10, 2)' } });
      const input = tableInput(built) as {
        StorageDescriptor: { Columns: Array<{ Name: string; Type: string }> };
        PartitionKeys: Array<{ Name: string; Type: string }>;
      };

      // Assert
      expect(input.StorageDescriptor.Columns.map((c) => `${c.Name} ${c.Type}`)).toEqual([
        'event_id string',
        'event_name string',
        'client_time timestamp',
        'schema_version int',
        'partition_key string',
        'arrival_time timestamp',
        'payload string',
        'itemid bigint',
        'price decimal(10,2)',
      ]);
      expect(input.PartitionKeys.map((c) => `${c.Name} ${c.Type}`)).toEqual(['dt string', 'hour string']);
    });

    it('is a Parquet table at the stream prefix of the bucket, in the events database', () => {
      // Act
      const built = build();

      // Assert
      built.template.hasResourceProperties('AWS::Glue::Table', {
        CatalogId: '123456789012',
        DatabaseName: 'marketplace_events',
        TableInput: Match.objectLike({
          Name: 'app_events',
          TableType: 'EXTERNAL_TABLE',
          StorageDescriptor: Match.objectLike({
            Location: { 'Fn::Join': ['', ['s3://', { Ref: id(built.stack, built.bucket) }, '/app-events/']] },
            InputFormat: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat',
            OutputFormat: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat',
            SerdeInfo: Match.objectLike({
              SerializationLibrary: 'org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe',
            }),
          }),
        }),
      });
    });

    it('projects dt from the start date to now and hour from 00 to 23, where Firehose writes them', () => {
      // Act
      const built = build({ projectionStartDate: '2026-01-01' });

      // Assert
      expect(tableInput(built).Parameters).toEqual({
        classification: 'parquet',
        'projection.enabled': 'true',
        'projection.dt.type': 'date',
        'projection.dt.range': '2026-01-01,NOW',
        'projection.dt.format': 'yyyy-MM-dd',
        'projection.dt.interval': '1',
        'projection.dt.interval.unit': 'DAYS',
        'projection.hour.type': 'integer',
        'projection.hour.range': '0,23',
        'projection.hour.digits': '2',
        'storage.location.template': {
          'Fn::Join': [
            '',
            ['s3://', { Ref: id(built.stack, built.bucket) }, `/app-events/dt=\${dt}/hour=\${hour}/`],
          ],
        },
      });
    });

    it('projects from 2024-01-01 by default', () => {
      // Act
      const built = build();

      // Assert
      expect((tableInput(built).Parameters as Record<string, unknown>)['projection.dt.range']).toBe(
        '2024-01-01,NOW',
      );
    });
  });

  describe('least privilege', () => {
    it('lets only Firehose of this account assume the role', () => {
      // Act
      const built = build();

      // Assert
      built.template.hasResourceProperties('AWS::IAM::Role', {
        AssumeRolePolicyDocument: {
          Statement: [
            {
              Effect: 'Allow',
              Action: 'sts:AssumeRole',
              Principal: { Service: 'firehose.amazonaws.com' },
              Condition: { StringEquals: { 'sts:ExternalId': '123456789012' } },
            },
          ],
        },
      });
    });

    it('gives the Firehose role exactly: read the stream, write its prefixes, use the keys through their services, read the table, invoke the transform, log', () => {
      // Act
      const built = build();
      const { stack } = built;
      const keyArn = arn(stack, built.key);
      const bucketArn = arn(stack, built.bucket);
      const fnArn = arn(stack, built.archive.transform);
      const partition = { Ref: 'AWS::Partition' };

      // Assert
      expect(statementsOf(built, built.archive.role)).toEqual([
        {
          Effect: 'Allow',
          Action: [
            'kinesis:DescribeStream',
            'kinesis:GetShardIterator',
            'kinesis:GetRecords',
            'kinesis:ListShards',
          ],
          Resource: arn(stack, built.events.stream),
        },
        {
          Effect: 'Allow',
          Action: 'kms:Decrypt',
          Resource: keyArn,
          Condition: { StringEquals: { 'kms:ViaService': 'kinesis.eu-west-1.amazonaws.com' } },
        },
        {
          Effect: 'Allow',
          Action: ['s3:GetBucketLocation', 's3:ListBucket', 's3:ListBucketMultipartUploads'],
          Resource: bucketArn,
        },
        {
          Effect: 'Allow',
          Action: ['s3:AbortMultipartUpload', 's3:GetObject', 's3:PutObject'],
          Resource: [
            { 'Fn::Join': ['', [bucketArn, '/app-events/*']] },
            { 'Fn::Join': ['', [bucketArn, '/errors/app-events/*']] },
          ],
        },
        {
          Effect: 'Allow',
          Action: ['kms:GenerateDataKey', 'kms:Decrypt'],
          Resource: keyArn,
          Condition: { StringEquals: { 'kms:ViaService': 's3.eu-west-1.amazonaws.com' } },
        },
        {
          Effect: 'Allow',
          Action: ['glue:GetTable', 'glue:GetTableVersion', 'glue:GetTableVersions'],
          Resource: [
            { 'Fn::Join': ['', ['arn:', partition, ':glue:eu-west-1:123456789012:catalog']] },
            {
              'Fn::Join': [
                '',
                ['arn:', partition, ':glue:eu-west-1:123456789012:database/marketplace_events'],
              ],
            },
            {
              'Fn::Join': [
                '',
                ['arn:', partition, ':glue:eu-west-1:123456789012:table/marketplace_events/app_events'],
              ],
            },
          ],
        },
        {
          Effect: 'Allow',
          Action: 'lambda:InvokeFunction',
          Resource: [fnArn, { 'Fn::Join': ['', [fnArn, ':*']] }],
        },
        { Effect: 'Allow', Action: 'lambda:GetFunctionConfiguration', Resource: fnArn },
        {
          Effect: 'Allow',
          Action: 'logs:PutLogEvents',
          Resource: {
            'Fn::Join': [
              '',
              [
                'arn:',
                partition,
                ':logs:eu-west-1:123456789012:log-group:',
                { Ref: id(stack, built.archive.logGroup) },
                ':log-stream:',
                { Ref: id(stack, built.archive.logGroup.node.findChild('S3Delivery')) },
              ],
            ],
          },
        },
      ]);
    });
  });

  describe('props validation', () => {
    it('refuses a stream name that cannot be a prefix and table name', () => {
      expect(() => build({ streamName: 'App_Events' })).toThrow(
        /streamName: got 'App_Events'; allowed: a lower-case letter/,
      );
    });

    it('refuses a payload field named like an archive column', () => {
      expect(() => build({ payloadFields: { Arrival_Time: 'timestamp' } })).toThrow(
        /payloadFields.Arrival_Time: got 'Arrival_Time', an archive column of its own/,
      );
    });

    it('refuses a buffer below the 64 MiB Parquet conversion needs, and a bad interval, together', () => {
      expect(() => build({ bufferSize: Size.mebibytes(32), bufferInterval: Duration.minutes(20) })).toThrow(
        /bufferSize: got 32768 KiB; allowed: whole MiB from 64 to 128[\s\S]*bufferInterval: got 20 minutes; allowed: whole seconds from 0 to 900/,
      );
    });

    it('refuses a projection start that is not a calendar date', () => {
      expect(() => build({ projectionStartDate: '2024-02-30' })).toThrow(
        /projectionStartDate: got '2024-02-30'; allowed: a calendar date as yyyy-MM-dd/,
      );
    });
  });

  it('is cdk-nag clean beside a key, a bucket and the stream', () => {
    // Arrange
    const { stack } = buildUnsynthesized({ payloadFields: { itemId: 'bigint' } });

    // Act
    const findings = nagFindings(stack.node.root as App);

    // Assert
    expect(describeFindings(findings)).toEqual([]);
  });
});
