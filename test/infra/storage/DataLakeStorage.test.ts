import { type CfnElement, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { DataLakeStorage, type DataLakeStorageProps } from '../../../lib/infra/storage/DataLakeStorage';
import { describeFindings, nagFindings } from '../../helpers/nag';
import { TEST_ENV, testApp, testStack } from '../../helpers/testApp';

const DATA_BUCKETS = ['rawBucket', 'curatedBucket', 'eventsBucket', 'queryResultsBucket'] as const;

function build(props: DataLakeStorageProps = {}): {
  stack: Stack;
  storage: DataLakeStorage;
  template: Template;
} {
  const stack = testStack();
  const storage = new DataLakeStorage(stack, 'Storage', props);
  return { stack, storage, template: Template.fromStack(stack) };
}

function logicalId(stack: Stack, construct: { node: { defaultChild?: unknown } }): string {
  return stack.getLogicalId(construct.node.defaultChild as CfnElement);
}

function getAtt(stack: Stack, construct: { node: { defaultChild?: unknown } }): { 'Fn::GetAtt': string[] } {
  return { 'Fn::GetAtt': [logicalId(stack, construct), 'Arn'] };
}

function objectsOf(stack: Stack, construct: { node: { defaultChild?: unknown } }): unknown {
  return { 'Fn::Join': ['', [getAtt(stack, construct), '/*']] };
}

/** The lifecycle rules of the bucket `name` of `storage`, as synthesized. */
function lifecycleRules(template: Template, stack: Stack, storage: DataLakeStorage, name: string): unknown {
  const id = logicalId(stack, storage[name as keyof DataLakeStorage] as { node: { defaultChild?: unknown } });
  return template.toJSON().Resources[id].Properties.LifecycleConfiguration.Rules;
}

describe('DataLakeStorage', () => {
  describe('encryption', () => {
    it('creates a KMS key with automatic rotation', () => {
      // Act
      const { template } = build();

      // Assert
      template.resourceCountIs('AWS::KMS::Key', 1);
      template.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
    });

    it('encrypts every data bucket with the key, S3 Bucket Keys on', () => {
      // Arrange
      const { stack, storage, template } = build();
      const buckets = template.findResources('AWS::S3::Bucket');

      // Act
      const encryption = DATA_BUCKETS.map(
        (name) =>
          buckets[logicalId(stack, storage[name])].Properties.BucketEncryption
            .ServerSideEncryptionConfiguration,
      );

      // Assert
      for (const config of encryption) {
        expect(config).toEqual([
          {
            BucketKeyEnabled: true,
            ServerSideEncryptionByDefault: {
              SSEAlgorithm: 'aws:kms',
              KMSMasterKeyID: getAtt(stack, storage.encryptionKey),
            },
          },
        ]);
      }
    });

    it('encrypts the access log bucket with SSE-S3, which S3 log delivery requires', () => {
      // Arrange
      const { stack, storage, template } = build();

      // Act
      const log = template.toJSON().Resources[logicalId(stack, storage.accessLogsBucket)];

      // Assert
      expect(log.Properties.BucketEncryption).toEqual({
        ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
      });
    });

    it('uses a given key instead of creating one', () => {
      // Arrange
      const stack = testStack();
      const key = kms.Key.fromKeyArn(stack, 'Given', 'arn:aws:kms:eu-west-1:123456789012:key/abcd');

      // Act
      new DataLakeStorage(stack, 'Storage', { encryptionKey: key });

      // Assert
      const template = Template.fromStack(stack);
      template.resourceCountIs('AWS::KMS::Key', 0);
      template.hasResourceProperties('AWS::S3::Bucket', {
        BucketEncryption: {
          ServerSideEncryptionConfiguration: [
            Match.objectLike({
              ServerSideEncryptionByDefault: Match.objectLike({ KMSMasterKeyID: key.keyArn }),
            }),
          ],
        },
      });
    });

    it('names the new key with the given alias', () => {
      // Act
      const { template } = build({ keyAlias: 'alias/marketplace-lake' });

      // Assert
      template.hasResourceProperties('AWS::KMS::Alias', { AliasName: 'alias/marketplace-lake' });
    });
  });

  describe('access', () => {
    it('gives every bucket a policy that denies requests without TLS', () => {
      // Arrange
      const { stack, storage, template } = build();
      const policies = Object.values(template.findResources('AWS::S3::BucketPolicy'));

      // Act
      const protectedBuckets = policies
        .filter((policy) =>
          policy.Properties.PolicyDocument.Statement.some(
            (statement: { Effect: string; Condition?: Record<string, Record<string, string>> }) =>
              statement.Effect === 'Deny' && statement.Condition?.Bool?.['aws:SecureTransport'] === 'false',
          ),
        )
        .map((policy) => policy.Properties.Bucket.Ref);

      // Assert
      const all = [...DATA_BUCKETS.map((name) => storage[name]), storage.accessLogsBucket];
      expect(protectedBuckets.sort()).toEqual(all.map((bucket) => logicalId(stack, bucket)).sort());
    });

    it('blocks public access and disables ACLs on every bucket', () => {
      // Act
      const { template } = build();

      // Assert
      const buckets = Object.values(template.findResources('AWS::S3::Bucket'));
      expect(buckets).toHaveLength(5);
      for (const bucket of buckets) {
        expect(bucket.Properties.PublicAccessBlockConfiguration).toEqual({
          BlockPublicAcls: true,
          BlockPublicPolicy: true,
          IgnorePublicAcls: true,
          RestrictPublicBuckets: true,
        });
        expect(bucket.Properties.OwnershipControls).toEqual({
          Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }],
        });
      }
    });

    it('logs access to every data bucket into the log bucket, one prefix per bucket', () => {
      // Arrange
      const { stack, storage, template } = build();
      const buckets = template.findResources('AWS::S3::Bucket');

      // Act
      const logging = DATA_BUCKETS.map(
        (name) => buckets[logicalId(stack, storage[name])].Properties.LoggingConfiguration,
      );

      // Assert
      const destination = { Ref: logicalId(stack, storage.accessLogsBucket) };
      expect(logging).toEqual([
        { DestinationBucketName: destination, LogFilePrefix: 'raw/' },
        { DestinationBucketName: destination, LogFilePrefix: 'curated/' },
        { DestinationBucketName: destination, LogFilePrefix: 'events/' },
        { DestinationBucketName: destination, LogFilePrefix: 'query-results/' },
      ]);
    });

    it('lets the S3 logging service write logs through the bucket policy, not an ACL', () => {
      // Arrange
      const { stack, storage, template } = build();

      // Act
      const log = template.toJSON().Resources[logicalId(stack, storage.accessLogsBucket)];

      // Assert
      expect(log.Properties.AccessControl).toBeUndefined();
      template.hasResourceProperties('AWS::S3::BucketPolicy', {
        Bucket: { Ref: logicalId(stack, storage.accessLogsBucket) },
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({
              Effect: 'Allow',
              Principal: { Service: 'logging.s3.amazonaws.com' },
              Action: 's3:PutObject',
            }),
          ]),
        },
      });
    });
  });

  describe('versioning and lifecycle', () => {
    it('versions the curated and log buckets only', () => {
      // Arrange
      const { stack, storage, template } = build();
      const buckets = template.findResources('AWS::S3::Bucket');

      // Act
      const versioned = Object.keys(buckets).filter(
        (id) => buckets[id].Properties.VersioningConfiguration?.Status === 'Enabled',
      );

      // Assert
      expect(versioned.sort()).toEqual(
        [logicalId(stack, storage.curatedBucket), logicalId(stack, storage.accessLogsBucket)].sort(),
      );
    });

    it('applies the default lifecycle: raw 7 days, noncurrent 30, results 30, logs 365, uploads 7', () => {
      // Act
      const { stack, storage, template } = build();

      // Assert
      const abort = {
        Id: 'AbortIncompleteUploads',
        Status: 'Enabled',
        AbortIncompleteMultipartUpload: { DaysAfterInitiation: 7 },
      };
      expect(lifecycleRules(template, stack, storage, 'rawBucket')).toEqual([
        abort,
        { Id: 'ExpireExports', Status: 'Enabled', ExpirationInDays: 7 },
      ]);
      expect(lifecycleRules(template, stack, storage, 'curatedBucket')).toEqual([
        abort,
        {
          Id: 'ExpireNoncurrentVersions',
          Status: 'Enabled',
          NoncurrentVersionExpiration: { NoncurrentDays: 30 },
        },
      ]);
      expect(lifecycleRules(template, stack, storage, 'eventsBucket')).toEqual([abort]);
      expect(lifecycleRules(template, stack, storage, 'queryResultsBucket')).toEqual([
        abort,
        { Id: 'ExpireResults', Status: 'Enabled', ExpirationInDays: 30 },
      ]);
      expect(lifecycleRules(template, stack, storage, 'accessLogsBucket')).toEqual([
        abort,
        {
          Id: 'ExpireLogs',
          Status: 'Enabled',
          ExpirationInDays: 365,
          NoncurrentVersionExpiration: { NoncurrentDays: 30 },
        },
      ]);
    });

    it('applies lifecycle overrides', () => {
      // Act
      const { stack, storage, template } = build({
        rawObjectExpiration: Duration.days(2),
        noncurrentVersionExpiration: Duration.days(90),
        queryResultsExpiration: Duration.days(3),
        accessLogsExpiration: Duration.days(730),
        abortIncompleteMultipartUploadAfter: Duration.days(1),
      });

      // Assert
      const abort = {
        Id: 'AbortIncompleteUploads',
        Status: 'Enabled',
        AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 },
      };
      expect(lifecycleRules(template, stack, storage, 'rawBucket')).toEqual([
        abort,
        { Id: 'ExpireExports', Status: 'Enabled', ExpirationInDays: 2 },
      ]);
      expect(lifecycleRules(template, stack, storage, 'curatedBucket')).toEqual([
        abort,
        {
          Id: 'ExpireNoncurrentVersions',
          Status: 'Enabled',
          NoncurrentVersionExpiration: { NoncurrentDays: 90 },
        },
      ]);
      expect(lifecycleRules(template, stack, storage, 'queryResultsBucket')).toEqual([
        abort,
        { Id: 'ExpireResults', Status: 'Enabled', ExpirationInDays: 3 },
      ]);
      expect(lifecycleRules(template, stack, storage, 'accessLogsBucket')).toEqual([
        abort,
        {
          Id: 'ExpireLogs',
          Status: 'Enabled',
          ExpirationInDays: 730,
          NoncurrentVersionExpiration: { NoncurrentDays: 90 },
        },
      ]);
    });
  });

  describe('removal', () => {
    it('retains buckets and key by default and never empties them', () => {
      // Act
      const { template } = build();

      // Assert
      const resources = Object.values({
        ...template.findResources('AWS::S3::Bucket'),
        ...template.findResources('AWS::KMS::Key'),
      });
      expect(resources.map((r) => r.DeletionPolicy)).toEqual(Array(6).fill('Retain'));
      template.resourceCountIs('Custom::S3AutoDeleteObjects', 0);
    });

    it('deletes and empties every bucket when the removal policy is DESTROY', () => {
      // Act
      const { template } = build({ removalPolicy: RemovalPolicy.DESTROY });

      // Assert
      const buckets = Object.values(template.findResources('AWS::S3::Bucket'));
      expect(buckets.map((b) => b.DeletionPolicy)).toEqual(Array(5).fill('Delete'));
      template.resourceCountIs('Custom::S3AutoDeleteObjects', 5);
    });
  });

  describe('validation', () => {
    it('refuses an alias for a key it does not create, naming the prop', () => {
      // Arrange
      const stack = testStack();
      const key = kms.Key.fromKeyArn(stack, 'Given', 'arn:aws:kms:eu-west-1:123456789012:key/abcd');

      // Act
      const act = () => new DataLakeStorage(stack, 'Storage', { encryptionKey: key, keyAlias: 'alias/lake' });

      // Assert
      expect(act).toThrow(
        expect.objectContaining({
          name: 'InvalidPropsError',
          message: expect.stringMatching(/keyAlias: got 'alias\/lake' together with encryptionKey/),
        }),
      );
    });

    it('reports every lifecycle duration that is not a whole number of days', () => {
      // Act
      const act = () =>
        build({ rawObjectExpiration: Duration.hours(36), queryResultsExpiration: Duration.hours(12) });

      // Assert
      expect(act).toThrow(
        /Invalid props for Test\/Storage:\n {2}rawObjectExpiration: got 1 day 12 hours; .*whole number of days, at least 1\n {2}queryResultsExpiration: got 12 hours/,
      );
    });
  });

  describe('grants', () => {
    function grantStack(): { stack: Stack; storage: DataLakeStorage; role: iam.Role } {
      const stack = testStack();
      const storage = new DataLakeStorage(stack, 'Storage');
      const role = new iam.Role(stack, 'Role', {
        assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      });
      return { stack, storage, role };
    }

    it('grantReadRaw allows reading the raw bucket and decrypting with the key', () => {
      // Arrange
      const { stack, storage, role } = grantStack();

      // Act
      storage.grantReadRaw(role);

      // Assert
      Template.fromStack(stack).hasResourceProperties('AWS::IAM::Policy', {
        PolicyDocument: {
          Statement: [
            {
              Effect: 'Allow',
              Action: ['s3:GetObject*', 's3:GetBucket*', 's3:List*'],
              Resource: [getAtt(stack, storage.rawBucket), objectsOf(stack, storage.rawBucket)],
            },
            {
              Effect: 'Allow',
              Action: ['kms:Decrypt', 'kms:DescribeKey'],
              Resource: getAtt(stack, storage.encryptionKey),
            },
          ],
        },
      });
    });

    it('grantWriteCurated allows put and delete on the curated bucket and encrypting with the key', () => {
      // Arrange
      const { stack, storage, role } = grantStack();

      // Act
      storage.grantWriteCurated(role);

      // Assert
      Template.fromStack(stack).hasResourceProperties('AWS::IAM::Policy', {
        PolicyDocument: {
          Statement: [
            {
              Effect: 'Allow',
              Action: [
                's3:DeleteObject*',
                's3:PutObject',
                's3:PutObjectLegalHold',
                's3:PutObjectRetention',
                's3:PutObjectTagging',
                's3:PutObjectVersionTagging',
                's3:Abort*',
              ],
              Resource: [getAtt(stack, storage.curatedBucket), objectsOf(stack, storage.curatedBucket)],
            },
            {
              Effect: 'Allow',
              Action: ['kms:Encrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Decrypt'],
              Resource: getAtt(stack, storage.encryptionKey),
            },
          ],
        },
      });
    });

    it('grantWriteEvents allows putting but not deleting events', () => {
      // Arrange
      const { stack, storage, role } = grantStack();

      // Act
      storage.grantWriteEvents(role);

      // Assert
      const [policy] = Object.values(Template.fromStack(stack).findResources('AWS::IAM::Policy'));
      const [objects] = policy.Properties.PolicyDocument.Statement;
      expect(objects.Resource).toEqual(objectsOf(stack, storage.eventsBucket));
      expect(objects.Action).toContain('s3:PutObject');
      expect(objects.Action).not.toContain('s3:DeleteObject*');
    });

    it.each([
      ['grantReadRaw', 'rawBucket'],
      ['grantWriteRaw', 'rawBucket'],
      ['grantReadCurated', 'curatedBucket'],
      ['grantWriteCurated', 'curatedBucket'],
      ['grantReadEvents', 'eventsBucket'],
      ['grantWriteEvents', 'eventsBucket'],
    ] as const)(
      '%s returns one grant holding both the %s statement and the key statement',
      (method, bucket) => {
        // Arrange
        const { stack, storage, role } = grantStack();

        // Act
        const grant = storage[method](role);

        // Assert
        const resources = grant.principalStatements.map((s) => stack.resolve(s.resources));
        expect(resources).toEqual([
          expect.arrayContaining([objectsOf(stack, storage[bucket])]),
          [getAtt(stack, storage.encryptionKey)],
        ]);
      },
    );
  });

  describe('cdk-nag', () => {
    it.each([
      ['retained', RemovalPolicy.RETAIN],
      ['destroyed', RemovalPolicy.DESTROY],
    ])('has no unacknowledged AwsSolutions finding, %s, with every grant used', (_, removalPolicy) => {
      // Arrange
      const app = testApp();
      const stack = new Stack(app, 'Nag', { env: TEST_ENV });
      const storage = new DataLakeStorage(stack, 'Storage', { removalPolicy });
      const role = new iam.Role(stack, 'Role', {
        assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      });
      storage.grantReadRaw(role);
      storage.grantWriteRaw(role);
      storage.grantReadCurated(role);
      storage.grantWriteCurated(role);
      storage.grantReadEvents(role);
      storage.grantWriteEvents(role);

      // Act
      const findings = nagFindings(app);

      // Assert
      expect(describeFindings(findings)).toEqual([]);
    });
  });
});
