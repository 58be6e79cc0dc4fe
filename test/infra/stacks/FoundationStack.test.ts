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

  it('creates one Glue database per source and one for events', () => {
    // Arrange
    const { template } = foundation();

    // Act
    const names = Object.values(template.findResources('AWS::Glue::Database')).map(
      (d) => d.Properties.DatabaseInput.Name,
    );

    // Assert
    expect(names).toEqual(['testlake_service', 'testlake_events']);
  });

  it('creates a salt secret encrypted with the lake key when the config names none', () => {
    // Arrange
    const { template } = foundation();

    // Assert
    template.resourceCountIs('AWS::SecretsManager::Secret', 1);
    template.hasResourceProperties('AWS::SecretsManager::Secret', {
      KmsKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^StorageKey'), 'Arn'] },
    });
  });

  it('imports the VPC named in the config and creates no network of its own', () => {
    // Arrange
    const { template } = foundation({
      network: {
        vpcId: 'vpc-0abc1234def567890',
        subnetIds: ['subnet-0abc1234', 'subnet-0abc1235'],
        availabilityZones: ['eu-west-1a', 'eu-west-1b'],
      },
    });

    // Assert
    template.resourceCountIs('AWS::EC2::VPC', 0);
    template.resourceCountIs('AWS::EC2::VPCEndpoint', 0);
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
