import { Match, Template } from 'aws-cdk-lib/assertions';
import type { DataLakeConfig, DataLakeConfigInput } from '../../../lib/config';
import { DMS_CHANGE_FORMAT } from '../../../lib/core/cdc/DmsChangeFormat';
import { CDC_COMMIT_TIME_COLUMN } from '../../../lib/core/naming';
import { FoundationStack } from '../../../lib/infra/stacks/FoundationStack';
import { SourceStack } from '../../../lib/infra/stacks/SourceStack';
import { parsedConfig, validSource, validTable } from '../../helpers/configFactory';
import { describeFindings, nagFindings } from '../../helpers/nag';
import { TEST_ENV, testApp } from '../../helpers/testApp';

const DMS_SECRET = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:service-dms-AbCdEf';
const PRIMARY_SG = 'sg-0123456789abcdef0';

const network: DataLakeConfigInput['network'] = {
  vpcId: 'vpc-0a1b2c3d4e5f67890',
  subnetIds: ['subnet-0123456789abcdef0', 'subnet-0fedcba9876543210'],
  availabilityZones: ['eu-west-1a', 'eu-west-1b'],
  cidrBlock: '10.20.0.0/16',
  endpoints: 'create',
  routeTableIds: ['rtb-0a1b2c3d4e5f67890', 'rtb-0a1b2c3d4e5f67890'],
};

/** Source `service` (RDS MySQL): `users` and `order_items` in mode cdc, `items` by snapshot. */
function cdcConfig(overrides: Partial<Parameters<typeof validSource>[0]> = {}): DataLakeConfig {
  return parsedConfig({
    network,
    sources: [
      validSource({
        includeTables: 'listed',
        tables: [
          validTable({ mode: 'cdc', columns: { password_hash: 'drop', email: { mask: 'hash' } } }),
          validTable({ name: 'order_items', mode: 'cdc', columns: { gift_note: { drop: true } } }),
          validTable({ name: 'items', columns: {} }),
        ],
        cdc: { credentialsSecretArn: DMS_SECRET, securityGroupId: PRIMARY_SG },
        ...overrides,
      }),
    ],
  });
}

function sourceStack(config: DataLakeConfig) {
  const app = testApp();
  const foundation = new FoundationStack(app, 'Foundation', { env: TEST_ENV, config });
  const source = config.sources[0] ?? fail('no source');
  const stack = new SourceStack(app, 'Source', { env: TEST_ENV, config, source, foundation });
  return { app, foundation, stack, template: Template.fromStack(stack) };
}

/** The one resource of `type` in `template`, its properties. */
function onlyProperties(template: Template, type: string, props: object = {}): Record<string, unknown> {
  const found = Object.values(template.findResources(type, { Properties: props }));
  expect(found).toHaveLength(1);
  return (found[0] as { Properties: Record<string, unknown> }).Properties;
}

describe('CdcReplication in the source stack', () => {
  let built: ReturnType<typeof sourceStack>;
  beforeAll(() => {
    built = sourceStack(cdcConfig());
  });

  it('creates one DMS Serverless replication, full load then ongoing changes, from the primary to the raw bucket', () => {
    // Assert
    const replication = onlyProperties(built.template, 'AWS::DMS::ReplicationConfig');
    expect(replication).toMatchObject({
      ReplicationConfigIdentifier: 'testlake-service-cdc',
      ReplicationType: 'full-load-and-cdc',
      ComputeConfig: { MaxCapacityUnits: 4, MultiAZ: true },
    });
    expect(replication.ComputeConfig).not.toHaveProperty('MinCapacityUnits');
  });

  // "Wildcards in table mapping" (AWS DMS User Guide): "_" matches any one character, "[_]" a literal
  // underscore, so order_items must be written order[_]items to select that table only.
  it('selects exactly the cdc tables, underscores escaped, adds the before-image key and removes the dropped columns (Transformation rules and actions)', () => {
    // Arrange
    const selection = (rule: number, table: string) => ({
      'rule-type': 'selection',
      'rule-id': String(rule),
      'rule-name': String(rule),
      'rule-action': 'include',
      'object-locator': { 'schema-name': 'service', 'table-name': table },
    });
    const beforeImage = (rule: number, table: string) => ({
      'rule-type': 'transformation',
      'rule-id': String(rule),
      'rule-name': String(rule),
      'rule-action': 'add-before-image-columns',
      'rule-target': 'column',
      'object-locator': { 'schema-name': 'service', 'table-name': table },
      'before-image-def': {
        'column-prefix': DMS_CHANGE_FORMAT.beforeImagePrefix,
        'column-suffix': '',
        'column-filter': 'pk-only',
      },
    });
    const removeColumn = (rule: number, table: string, column: string) => ({
      'rule-type': 'transformation',
      'rule-id': String(rule),
      'rule-name': String(rule),
      'rule-action': 'remove-column',
      'rule-target': 'column',
      'object-locator': { 'schema-name': 'service', 'table-name': table, 'column-name': column },
    });

    // Act
    const { TableMappings } = onlyProperties(built.template, 'AWS::DMS::ReplicationConfig');

    // Assert
    expect(TableMappings).toEqual({
      rules: [
        selection(1, 'users'),
        beforeImage(2, 'users'),
        removeColumn(3, 'users', 'password_hash'),
        selection(4, 'order[_]items'),
        beforeImage(5, 'order[_]items'),
        removeColumn(6, 'order[_]items', 'gift_note'),
      ],
    });
  });

  // "Using Amazon S3 as a target for AWS Database Migration Service": Parquet, the operation in the
  // first column (IncludeOpForFullLoad for the full load), deletes kept, the commit time column, SSE-KMS.
  it('writes Parquet with the operation and commit-time columns, SSE-KMS with the raw key, under cdc/<source>', () => {
    // Assert
    const target = onlyProperties(built.template, 'AWS::DMS::Endpoint', { EndpointType: 'target' });
    expect(target.EngineName).toBe('s3');
    expect(target.S3Settings).toEqual({
      BucketName: { 'Fn::ImportValue': expect.stringMatching(/RawBucket/) },
      BucketFolder: 'cdc/service',
      ServiceAccessRoleArn: { 'Fn::GetAtt': [expect.stringMatching(/^CdcTargetAccessRole/), 'Arn'] },
      ExpectedBucketOwner: '123456789012',
      DataFormat: 'parquet',
      ParquetVersion: 'parquet_2_0',
      ParquetTimestampInMillisecond: false,
      IncludeOpForFullLoad: true,
      CdcInsertsOnly: false,
      CdcInsertsAndUpdates: false,
      TimestampColumnName: CDC_COMMIT_TIME_COLUMN,
      UseTaskStartTimeForFullLoadTimestamp: true,
      EncryptionMode: 'SSE_KMS',
      ServerSideEncryptionKmsKeyId: { 'Fn::ImportValue': expect.stringMatching(/RawKey/) },
      DatePartitionEnabled: true,
      DatePartitionSequence: 'YYYYMMDD',
      DatePartitionDelimiter: 'SLASH',
      CdcMaxBatchInterval: 60,
    });
  });

  // "Using secrets to access AWS Database Migration Service endpoints": SecretsManagerSecretId and an
  // access role trusted by the regional DMS principal; for MySQL, no DatabaseName (AWS::DMS::Endpoint).
  it('reads the primary with the DMS user secret through a role only DMS of this region and account assumes', () => {
    // Assert
    const source = onlyProperties(built.template, 'AWS::DMS::Endpoint', { EndpointType: 'source' });
    expect(source).toEqual({
      EndpointType: 'source',
      EngineName: 'mysql',
      SslMode: 'require',
      MySqlSettings: {
        SecretsManagerSecretId: DMS_SECRET,
        SecretsManagerAccessRoleArn: {
          'Fn::GetAtt': [expect.stringMatching(/^CdcSecretsAccessRole/), 'Arn'],
        },
      },
    });
    built.template.hasResourceProperties('AWS::IAM::Role', {
      Path: '/datalake/testlake/raw/',
      AssumeRolePolicyDocument: {
        Statement: [
          {
            Action: 'sts:AssumeRole',
            Effect: 'Allow',
            Principal: { Service: 'dms.eu-west-1.amazonaws.com' },
            Condition: { StringEquals: { 'aws:SourceAccount': '123456789012' } },
          },
        ],
      },
    });
  });

  it('gives the secrets role GetSecretValue on the DMS secret and nothing else', () => {
    // Assert
    const roles = built.template.findResources('AWS::IAM::Role', {
      Properties: {
        AssumeRolePolicyDocument: { Statement: [{ Principal: { Service: 'dms.eu-west-1.amazonaws.com' } }] },
      },
    });
    const [roleId] = Object.keys(roles);
    const policies = Object.values(
      built.template.findResources('AWS::IAM::Policy', { Properties: { Roles: [{ Ref: roleId }] } }),
    ) as { Properties: { PolicyDocument: { Statement: unknown[] } } }[];
    expect(policies.flatMap((policy) => policy.Properties.PolicyDocument.Statement)).toEqual([
      { Action: 'secretsmanager:GetSecretValue', Effect: 'Allow', Resource: DMS_SECRET },
    ]);
  });

  // "Using Amazon S3 as a target", prerequisites: s3:PutObject, s3:DeleteObject, s3:PutObjectTagging on
  // the objects, s3:ListBucket on the bucket; here only under cdc/service/, with the raw key.
  it('lets DMS put, tag and delete objects and list keys under cdc/service/ only, with the raw key: the documented actions, nothing more', () => {
    // Assert
    const roles = built.template.findResources('AWS::IAM::Role', {
      Properties: {
        AssumeRolePolicyDocument: { Statement: [{ Principal: { Service: 'dms.amazonaws.com' } }] },
      },
    });
    const [roleId] = Object.keys(roles);
    expect(Object.values(roles)[0]).toMatchObject({
      Properties: {
        Path: '/datalake/testlake/raw/',
        AssumeRolePolicyDocument: {
          Statement: [{ Condition: { StringEquals: { 'aws:SourceAccount': '123456789012' } } }],
        },
      },
    });
    const statements = (
      Object.values(
        built.template.findResources('AWS::IAM::Policy', { Properties: { Roles: [{ Ref: roleId }] } }),
      ) as {
        Properties: {
          PolicyDocument: {
            Statement: { Action: string | string[]; Resource: unknown; Condition?: unknown }[];
          };
        };
      }[]
    ).flatMap((policy) => policy.Properties.PolicyDocument.Statement);
    expect(statements).toEqual([
      {
        Action: ['s3:PutObject', 's3:DeleteObject', 's3:PutObjectTagging'],
        Effect: 'Allow',
        Resource: {
          'Fn::Join': [
            '',
            [{ 'Fn::ImportValue': expect.stringMatching(/RawBucket.*Arn/) }, '/cdc/service/*'],
          ],
        },
      },
      {
        Action: ['kms:GenerateDataKey', 'kms:Decrypt'],
        Effect: 'Allow',
        Resource: { 'Fn::ImportValue': expect.stringMatching(/RawKey.*Arn/) },
      },
      {
        Action: 's3:ListBucket',
        Condition: { StringLike: { 's3:prefix': 'cdc/service/*' } },
        Effect: 'Allow',
        Resource: { 'Fn::ImportValue': expect.stringMatching(/RawBucket.*Arn/) },
      },
    ]);
  });

  it("runs in the lake's subnets, sending only to the primary's port and HTTPS to the VPC endpoints", () => {
    // Arrange
    const replication = onlyProperties(built.template, 'AWS::DMS::ReplicationConfig');
    const [groupRef] = (replication.ComputeConfig as { VpcSecurityGroupIds: unknown[] }).VpcSecurityGroupIds;
    const groupId = (groupRef as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];
    type Rule = {
      FromPort: number;
      ToPort: number;
      DestinationSecurityGroupId?: unknown;
      DestinationPrefixListId?: unknown;
    };
    const group = built.template.findResources('AWS::EC2::SecurityGroup')[groupId] as {
      Properties: { SecurityGroupEgress?: Rule[] };
    };

    // Act: the group's own egress rules and those CDK writes as separate resources
    const separate = Object.values(
      built.template.findResources('AWS::EC2::SecurityGroupEgress', {
        Properties: { GroupId: { 'Fn::GetAtt': [groupId, 'GroupId'] } },
      }),
    ).map((resource) => (resource as { Properties: Rule }).Properties);
    const egress = [...(group.Properties.SecurityGroupEgress ?? []), ...separate];

    // Assert
    expect(onlyProperties(built.template, 'AWS::DMS::ReplicationSubnetGroup').SubnetIds).toEqual([
      'subnet-0123456789abcdef0',
      'subnet-0fedcba9876543210',
    ]);
    expect(
      egress.map((rule) => [
        rule.FromPort,
        rule.ToPort,
        JSON.stringify(rule.DestinationSecurityGroupId ?? rule.DestinationPrefixListId),
      ]),
    ).toEqual(
      expect.arrayContaining([
        [443, 443, expect.stringMatching(/EndpointSecurityGroup/)],
        [3306, 3306, JSON.stringify(PRIMARY_SG)],
        [443, 443, expect.stringMatching(/S3PrefixList/)],
      ]),
    );
    expect(egress).toHaveLength(3);
    built.template.hasResourceProperties('AWS::EC2::SecurityGroupIngress', {
      GroupId: PRIMARY_SG,
      IpProtocol: 'tcp',
      FromPort: 3306,
      ToPort: 3306,
      SourceSecurityGroupId: { 'Fn::GetAtt': [groupId, 'GroupId'] },
    });
  });

  it('logs to CloudWatch, copies LOBs up to 1024 KB and keeps raw files when a source table is truncated or dropped', () => {
    // Assert
    const { ReplicationSettings } = onlyProperties(built.template, 'AWS::DMS::ReplicationConfig');
    expect(ReplicationSettings).toEqual({
      Logging: { EnableLogging: true },
      TargetMetadata: { SupportLobs: true, FullLobMode: false, LimitedSizeLobMode: true, LobMaxSize: 1024 },
      ChangeProcessingDdlHandlingPolicy: {
        HandleSourceTableDropped: false,
        HandleSourceTableTruncated: false,
        HandleSourceTableAltered: true,
      },
    });
  });

  it('lets DMS read the secret through the Secrets Manager endpoint, whose policy names the lake secrets', () => {
    // Assert
    Template.fromStack(built.foundation).hasResourceProperties('AWS::EC2::VPCEndpoint', {
      ServiceName: 'com.amazonaws.eu-west-1.secretsmanager',
      PolicyDocument: {
        Statement: [Match.objectLike({ Resource: Match.arrayWith([DMS_SECRET]) })],
      },
    });
  });

  it('passes cdk-nag with no unacknowledged finding', () => {
    // Act
    const { app } = sourceStack(cdcConfig());

    // Assert
    expect(describeFindings(nagFindings(app))).toEqual([]);
  });
});

describe('CdcReplication on an Aurora PostgreSQL primary', () => {
  it("names the database, uses the aurora-postgresql engine and opens the cluster's security group", () => {
    // Arrange
    const config = cdcConfig({
      engine: 'postgres',
      database: 'payments',
      primary: { clusterIdentifier: 'payments-aurora', securityGroupId: 'sg-0a1b2c3d4e5f67890' },
      cdc: { credentialsSecretArn: DMS_SECRET, maxCapacityUnits: 8, minCapacityUnits: 2, multiAz: false },
    });

    // Act
    const { template } = sourceStack(config);

    // Assert
    const source = onlyProperties(template, 'AWS::DMS::Endpoint', { EndpointType: 'source' });
    expect(source).toMatchObject({
      EngineName: 'aurora-postgresql',
      DatabaseName: 'payments',
      PostgreSqlSettings: { SecretsManagerSecretId: DMS_SECRET },
    });
    expect(onlyProperties(template, 'AWS::DMS::ReplicationConfig').ComputeConfig).toMatchObject({
      MaxCapacityUnits: 8,
      MinCapacityUnits: 2,
      MultiAZ: false,
    });
    template.hasResourceProperties('AWS::EC2::SecurityGroupIngress', {
      GroupId: 'sg-0a1b2c3d4e5f67890',
      FromPort: 5432,
      SourceSecurityGroupId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^CdcSecurityGroup'), 'GroupId'] },
    });
    const mappings = onlyProperties(template, 'AWS::DMS::ReplicationConfig').TableMappings as {
      rules: { 'object-locator': { 'schema-name': string } }[];
    };
    expect(new Set(mappings.rules.map((rule) => rule['object-locator']['schema-name']))).toEqual(
      new Set(['public']),
    );
  });
});

describe('a source without cdc tables', () => {
  it('has no DMS resources', () => {
    // Act
    const { template, stack } = sourceStack(parsedConfig());

    // Assert
    expect(stack.cdcReplication).toBeUndefined();
    template.resourceCountIs('AWS::DMS::ReplicationConfig', 0);
    template.resourceCountIs('AWS::DMS::Endpoint', 0);
  });
});
