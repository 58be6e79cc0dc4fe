import { Match, Template } from 'aws-cdk-lib/assertions';
import { DEFAULT_CONFIG_PATH, loadConfig } from '../../../lib/config';
import { FoundationStack } from '../../../lib/infra/stacks/FoundationStack';
import { parsedConfig } from '../../helpers/configFactory';
import { describeFindings, nagFindings } from '../../helpers/nag';
import { TEST_ENV, testApp } from '../../helpers/testApp';

type ConfigOverrides = Parameters<typeof parsedConfig>[0];

function foundation(overrides: ConfigOverrides = {}) {
  const app = testApp();
  const stack = new FoundationStack(app, 'Foundation', { env: TEST_ENV, config: parsedConfig(overrides) });
  return { app, stack, template: Template.fromStack(stack) };
}

describe('FoundationStack', () => {
  it('encrypts every data bucket with the lake key and the access-log bucket with SSE-S3', () => {
    // Arrange
    const { template } = foundation();

    // Act
    const buckets = Object.values(template.findResources('AWS::S3::Bucket'));
    const algorithms = buckets.map(
      (b) =>
        b.Properties.BucketEncryption.ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault
          .SSEAlgorithm,
    );

    // Assert: raw, curated, events, query results on KMS; the log bucket cannot be (S3 log delivery)
    expect(algorithms.sort()).toEqual(['AES256', 'aws:kms', 'aws:kms', 'aws:kms', 'aws:kms']);
  });

  it('denies non-TLS requests on every bucket', () => {
    // Arrange
    const { template } = foundation();
    const bucketIds = Object.keys(template.findResources('AWS::S3::Bucket'));

    // Act
    const policies = Object.values(template.findResources('AWS::S3::BucketPolicy'));
    const tlsOnlyBuckets = policies
      .filter((p) =>
        p.Properties.PolicyDocument.Statement.some(
          (s: { Effect: string; Condition?: { Bool?: Record<string, string> } }) =>
            s.Effect === 'Deny' && s.Condition?.Bool?.['aws:SecureTransport'] === 'false',
        ),
      )
      .map((p) => p.Properties.Bucket.Ref);

    // Assert
    expect(tlsOnlyBuckets.sort()).toEqual(bucketIds.sort());
  });

  it('creates an engine v3 workgroup with enforced configuration, KMS-encrypted results and the scan cutoff', () => {
    // Arrange
    const { template } = foundation({
      query: { workgroupName: 'bi', bytesScannedCutoffPerQuery: 50_000_000 },
    });

    // Assert
    template.hasResourceProperties('AWS::Athena::WorkGroup', {
      Name: 'testlake-bi',
      WorkGroupConfiguration: Match.objectLike({
        EnforceWorkGroupConfiguration: true,
        EngineVersion: { SelectedEngineVersion: 'Athena engine version 3' },
        BytesScannedCutoffPerQuery: 50_000_000,
        ResultConfiguration: Match.objectLike({
          EncryptionConfiguration: { EncryptionOption: 'SSE_KMS', KmsKey: Match.anyValue() },
        }),
      }),
    });
  });

  it.each([
    [true, 'Retain'],
    [false, 'Delete'],
  ])(
    'keeps the new VPC’s flow log group on delete as storage.retainOnDelete %s says (%s)',
    (retainOnDelete, policy) => {
      // Arrange
      const { template } = foundation({ storage: { retainOnDelete } });

      // Assert
      const groups = Object.values(template.findResources('AWS::Logs::LogGroup')).filter(
        (group) => group.Properties.RetentionInDays === 365,
      );
      expect(groups.map((group) => group.DeletionPolicy)).toEqual([policy]);
    },
  );

  it('creates only the events Glue database: each source’s lives in its source stack', () => {
    // Arrange
    const { template } = foundation();

    // Act
    const names = Object.values(template.findResources('AWS::Glue::Database')).map(
      (d) => d.Properties.DatabaseInput.Name,
    );

    // Assert
    expect(names).toEqual(['testlake_events']);
  });

  it('creates a salt secret encrypted with the raw key (analysts cannot read the HMAC key) when the config names none', () => {
    // Arrange
    const { template } = foundation();

    // Assert
    template.resourceCountIs('AWS::SecretsManager::Secret', 1);
    template.hasResourceProperties('AWS::SecretsManager::Secret', {
      KmsKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^StorageRawKey'), 'Arn'] },
    });
  });

  it('imports the VPC named in the config and creates no network of its own with endpoints: existing', () => {
    // Arrange
    const { template } = foundation({
      network: {
        vpcId: 'vpc-0abc1234def567890',
        subnetIds: ['subnet-0abc1234', 'subnet-0abc1235'],
        availabilityZones: ['eu-west-1a', 'eu-west-1b'],
        endpoints: 'existing',
        endpointSecurityGroupId: 'sg-0e1e2e3e4e5e6e7e8',
      },
    });

    // Assert
    template.resourceCountIs('AWS::EC2::VPC', 0);
    template.resourceCountIs('AWS::EC2::VPCEndpoint', 0);
  });

  it('adds the S3 gateway endpoint and the interface endpoints to an imported VPC with endpoints: create', () => {
    // Arrange
    const { template } = foundation({
      network: {
        vpcId: 'vpc-0abc1234def567890',
        subnetIds: ['subnet-0abc1234', 'subnet-0abc1235'],
        availabilityZones: ['eu-west-1a', 'eu-west-1b'],
        endpoints: 'create',
        cidrBlock: '10.20.0.0/16',
        routeTableIds: ['rtb-0abc1234', 'rtb-0abc1234'],
      },
    });

    // Assert: no VPC of its own; S3 on the subnets' (one, shared) route table; the APIs the functions call
    template.resourceCountIs('AWS::EC2::VPC', 0);
    template.hasResourceProperties('AWS::EC2::VPCEndpoint', {
      VpcEndpointType: 'Gateway',
      VpcId: 'vpc-0abc1234def567890',
      RouteTableIds: ['rtb-0abc1234'],
    });
    const interfaces = Object.values(template.findResources('AWS::EC2::VPCEndpoint')).filter(
      (endpoint) => endpoint.Properties.VpcEndpointType === 'Interface',
    );
    expect(interfaces.map((endpoint) => JSON.stringify(endpoint.Properties.ServiceName)).sort()).toEqual([
      expect.stringContaining('.glue'),
      expect.stringContaining('.kms'),
      expect.stringContaining('.logs'),
      expect.stringContaining('.secretsmanager'),
      expect.stringContaining('.states'),
    ]);
    template.hasResourceProperties('AWS::EC2::SecurityGroup', {
      GroupDescription: 'Interface endpoints: HTTPS from inside the VPC',
      SecurityGroupIngress: [Match.objectLike({ CidrIp: '10.20.0.0/16', FromPort: 443, ToPort: 443 })],
    });
  });

  describe('AnalystRole', () => {
    const analyst = 'arn:aws:iam::123456789012:role/analysts/DataAnalyst';

    it('is not created when the config names no analyst principal: nobody is trusted by default', () => {
      // Act
      const { stack, template } = foundation();

      // Assert
      expect(stack.analystRole).toBeUndefined();
      expect(
        Object.keys(template.findResources('AWS::IAM::Role')).some((id) => id.startsWith('AnalystRole')),
      ).toBe(false);
    });

    it('trusts only the principals named in query.analystPrincipals, never the account, under the analyst path', () => {
      // Act
      const { stack, template } = foundation({ query: { analystPrincipals: [analyst] } });

      // Assert
      const role =
        template.toJSON().Resources[stack.getLogicalId(stack.analystRole?.node.defaultChild as never)];
      expect(role.Properties.Path).toBe('/datalake/testlake/analyst/');
      expect(role.Properties.AssumeRolePolicyDocument.Statement).toEqual([
        { Action: 'sts:AssumeRole', Effect: 'Allow', Principal: { AWS: analyst } },
      ]);
    });
  });

  describe('Glue Data Catalog encryption', () => {
    it('sets the account and region’s catalog encryption to the lake’s catalog key by default (lake-key)', () => {
      // Act
      const { template } = foundation();

      // Assert
      template.hasResourceProperties('AWS::Glue::DataCatalogEncryptionSettings', {
        CatalogId: '123456789012',
        DataCatalogEncryptionSettings: {
          EncryptionAtRest: {
            CatalogEncryptionMode: 'SSE-KMS',
            SseAwsKmsKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^CatalogEncryptionKey'), 'Arn'] },
          },
          ConnectionPasswordEncryption: Match.objectLike({ ReturnConnectionPasswordEncrypted: true }),
        },
      });
    });

    it('leaves the settings alone with catalogEncryption: unmanaged', () => {
      // Act
      const { template } = foundation({ query: { catalogEncryption: 'unmanaged' } });

      // Assert
      template.resourceCountIs('AWS::Glue::DataCatalogEncryptionSettings', 0);
    });
  });

  it('passes cdk-nag AwsSolutions with the example config', () => {
    // Arrange
    const app = testApp();
    new FoundationStack(app, 'Foundation', { env: TEST_ENV, config: loadConfig(DEFAULT_CONFIG_PATH) });

    // Act
    const findings = nagFindings(app);

    // Assert
    expect(describeFindings(findings)).toEqual([]);
  });

  it('passes cdk-nag AwsSolutions with a created salt secret', () => {
    // Arrange
    const { app } = foundation();

    // Act / Assert
    expect(describeFindings(nagFindings(app))).toEqual([]);
  });
});
