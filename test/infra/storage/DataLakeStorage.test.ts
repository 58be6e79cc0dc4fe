import { type CfnElement, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import { actionMatches } from '../../../lib/infra/deployRules/policyStatements';
import { lakeRolePaths } from '../../../lib/infra/security/lakeRolePaths';
import { DataLakeStorage, type DataLakeStorageProps } from '../../../lib/infra/storage/DataLakeStorage';
import { describeFindings, nagFindings } from '../../helpers/nag';
import { TEST_ENV, testApp, testStack } from '../../helpers/testApp';

const DATA_BUCKETS = ['rawBucket', 'curatedBucket', 'eventsBucket', 'queryResultsBucket'] as const;
/** Each data bucket's zone key, in the order of {@link DATA_BUCKETS}. */
const BUCKET_KEYS = ['rawKey', 'curatedKey', 'eventsKey', 'operationsKey'] as const;

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
    it('creates one KMS key per zone, each with automatic rotation', () => {
      // Act
      const { template } = build();

      // Assert
      const keys = Object.values(template.findResources('AWS::KMS::Key'));
      expect(keys.map((key) => key.Properties.EnableKeyRotation)).toEqual([true, true, true, true]);
    });

    it("encrypts every data bucket with its zone's key, S3 Bucket Keys on", () => {
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
      expect(encryption).toEqual(
        BUCKET_KEYS.map((key) => [
          {
            BucketKeyEnabled: true,
            ServerSideEncryptionByDefault: {
              SSEAlgorithm: 'aws:kms',
              KMSMasterKeyID: getAtt(stack, storage[key]),
            },
          },
        ]),
      );
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

    it('names each key with the alias prefix and its zone', () => {
      // Act
      const { template } = build({ keyAliasPrefix: 'alias/marketplace-lake' });

      // Assert
      const aliases = Object.values(template.findResources('AWS::KMS::Alias')).map(
        (a) => a.Properties.AliasName,
      );
      expect(aliases).toEqual([
        'alias/marketplace-lake/raw',
        'alias/marketplace-lake/curated',
        'alias/marketplace-lake/events',
        'alias/marketplace-lake/operations',
      ]);
    });
  });

  describe('key policies', () => {
    const rolePaths = lakeRolePaths('lake');
    const pattern = (path: string) => ({
      'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:iam::123456789012:role${path}*`]],
    });
    function keyStatements(zone: 'rawKey' | 'curatedKey' | 'eventsKey' | 'operationsKey') {
      const { stack, storage, template } = build({ rolePaths });
      return template.toJSON().Resources[logicalId(stack, storage[zone])].Properties.KeyPolicy.Statement as {
        Sid: string;
        Action: string | string[];
        Condition?: unknown;
      }[];
    }

    it('lets the raw key decrypt only for roles under the raw path (aws:PrincipalArn is the role ARN, path included)', () => {
      // Act
      const statements = keyStatements('rawKey');

      // Assert
      const decrypting = statements.filter((s) =>
        [s.Action]
          .flat()
          .some((a) => actionMatches(a, 'kms:Decrypt') || actionMatches(a, 'kms:ReEncryptFrom')),
      );
      expect(decrypting.map((s) => [s.Sid, s.Condition])).toEqual([
        ['DecryptByIamUnderRolePath', { ArnLike: { 'aws:PrincipalArn': pattern(rolePaths.raw) } }],
        [
          'SecretsManagerKeyAccessValidation',
          {
            StringEquals: {
              'kms:ViaService': 'secretsmanager.eu-west-1.amazonaws.com',
              'kms:EncryptionContext:SecretVersionId': 'RequestToValidateKeyAccess',
            },
          },
        ],
      ]);
    });

    it.each(['curatedKey', 'eventsKey', 'operationsKey'] as const)(
      'lets the %s decrypt only for the lake’s roles',
      (zone) => {
        // Act
        const statements = keyStatements(zone);

        // Assert
        const decrypt = statements.find((s) => s.Sid === 'DecryptByIamUnderRolePath');
        expect(decrypt?.Condition).toEqual({ ArnLike: { 'aws:PrincipalArn': pattern(rolePaths.lake) } });
      },
    );

    it('gives no key the default kms:* of the account, and grants only for AWS resources', () => {
      // Act
      const statements = (['rawKey', 'curatedKey', 'eventsKey', 'operationsKey'] as const).flatMap(
        keyStatements,
      );

      // Assert
      expect(statements.filter((s) => [s.Action].flat().includes('kms:*'))).toEqual([]);
      for (const grant of statements.filter((s) => [s.Action].flat().includes('kms:CreateGrant'))) {
        expect(grant.Condition).toEqual({ Bool: { 'kms:GrantIsForAWSResource': true } });
      }
    });

    it('lets CloudWatch Logs use the operations key for this account’s log groups only', () => {
      // Act
      const logs = keyStatements('operationsKey').find((s) => s.Sid === 'CloudWatchLogsOfThisAccount');

      // Assert
      expect(logs?.Condition).toEqual({
        ArnLike: {
          'kms:EncryptionContext:aws:logs:arn': {
            'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':logs:eu-west-1:123456789012:log-group:*']],
          },
        },
      });
      expect(keyStatements('rawKey').some((s) => s.Sid === 'CloudWatchLogsOfThisAccount')).toBe(false);
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
    it('retains buckets and keys by default and never empties them', () => {
      // Act
      const { template } = build();

      // Assert
      const resources = Object.values({
        ...template.findResources('AWS::S3::Bucket'),
        ...template.findResources('AWS::KMS::Key'),
      });
      expect(resources.map((r) => r.DeletionPolicy)).toEqual(Array(9).fill('Retain'));
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
              Resource: getAtt(stack, storage.rawKey),
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
              Resource: getAtt(stack, storage.curatedKey),
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
      ['grantReadRaw', 'rawBucket', 'rawKey'],
      ['grantWriteRaw', 'rawBucket', 'rawKey'],
      ['grantReadCurated', 'curatedBucket', 'curatedKey'],
      ['grantWriteCurated', 'curatedBucket', 'curatedKey'],
      ['grantReadEvents', 'eventsBucket', 'eventsKey'],
      ['grantWriteEvents', 'eventsBucket', 'eventsKey'],
    ] as const)(
      '%s returns one grant holding both the %s statement and the %s statement',
      (method, bucket, key) => {
        // Arrange
        const { stack, storage, role } = grantStack();

        // Act
        const grant = storage[method](role);

        // Assert
        const resources = grant.principalStatements.map((s) => stack.resolve(s.resources));
        expect(resources).toEqual([
          expect.arrayContaining([objectsOf(stack, storage[bucket])]),
          [getAtt(stack, storage[key])],
        ]);
      },
    );

    it.each([
      ['grantReadRaw', 'rawBucket'],
      ['grantWriteRaw', 'rawBucket'],
      ['grantDeleteRaw', 'rawBucket'],
      ['grantReadCurated', 'curatedBucket'],
      ['grantWriteCurated', 'curatedBucket'],
    ] as const)('%s confines the objects to the given key pattern', (method, bucket) => {
      // Arrange
      const { stack, storage, role } = grantStack();

      // Act
      const grant = storage[method](role, 'exports/service/*');

      // Assert
      const resources = JSON.stringify(grant.principalStatements.map((s) => stack.resolve(s.resources)));
      expect(resources).toContain(
        JSON.stringify({ 'Fn::Join': ['', [getAtt(stack, storage[bucket]), '/exports/service/*']] }),
      );
      expect(resources).not.toContain(JSON.stringify(objectsOf(stack, storage[bucket])));
    });

    it('grantDeleteRaw allows s3:DeleteObject only, with no key use', () => {
      // Arrange
      const { stack, storage, role } = grantStack();

      // Act
      storage.grantDeleteRaw(role, 'exports/service/*');

      // Assert
      const [policy] = Object.values(Template.fromStack(stack).findResources('AWS::IAM::Policy'));
      expect(policy.Properties.PolicyDocument.Statement).toEqual([
        {
          Effect: 'Allow',
          Action: 's3:DeleteObject',
          Resource: { 'Fn::Join': ['', [getAtt(stack, storage.rawBucket), '/exports/service/*']] },
        },
      ]);
    });
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
      storage.grantDeleteRaw(role);
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
