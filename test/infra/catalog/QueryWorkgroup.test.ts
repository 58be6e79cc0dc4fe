import { type CfnElement, RemovalPolicy, Size, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import { DataLakeCatalog } from '../../../lib/infra/catalog/DataLakeCatalog';
import { QueryWorkgroup, type QueryWorkgroupProps } from '../../../lib/infra/catalog/QueryWorkgroup';
import { DataLakeStorage } from '../../../lib/infra/storage/DataLakeStorage';
import { describeFindings, nagFindings } from '../../helpers/nag';
import { TEST_ENV, testApp } from '../../helpers/testApp';

interface Lake {
  stack: Stack;
  storage: DataLakeStorage;
  catalog: DataLakeCatalog;
  workgroup: QueryWorkgroup;
}

/** Storage, a catalog with one database and a workgroup over them; `overrides` tune the workgroup. */
function lake(
  overrides: Partial<QueryWorkgroupProps> = {},
  stack = new Stack(testApp(), 'Test', { env: TEST_ENV }),
): Lake {
  const storage = new DataLakeStorage(stack, 'Storage');
  const catalog = new DataLakeCatalog(stack, 'Catalog', { databases: [{ databaseName: 'sales' }] });
  const workgroup = new QueryWorkgroup(stack, 'Workgroup', {
    resultsBucket: storage.queryResultsBucket,
    resultsKey: storage.operationsKey,
    databases: [catalog.database('sales'), 'events_db'],
    dataBuckets: [storage.curatedBucket, storage.eventsBucket],
    ...overrides,
  });
  return { stack, storage, catalog, workgroup };
}

function workgroupConfig(stack: Stack): Record<string, unknown> {
  const [workgroup] = Object.values(Template.fromStack(stack).findResources('AWS::Athena::WorkGroup'));
  return workgroup.Properties.WorkGroupConfiguration;
}

function id(stack: Stack, construct: { node: { defaultChild?: unknown } }): string {
  return stack.getLogicalId(construct.node.defaultChild as CfnElement);
}

function arn(stack: Stack, construct: { node: { defaultChild?: unknown } }): unknown {
  return { 'Fn::GetAtt': [id(stack, construct), 'Arn'] };
}

function errorOf(act: () => unknown): Error {
  try {
    act();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a throw');
}

const partitionArn = (...parts: unknown[]) => ({
  'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ...parts]],
});

describe('QueryWorkgroup', () => {
  describe('workgroup settings', () => {
    it('runs Athena engine version 3', () => {
      // Act
      const { stack } = lake();

      // Assert
      expect(workgroupConfig(stack).EngineVersion).toEqual({
        SelectedEngineVersion: 'Athena engine version 3',
      });
    });

    it('enforces its settings on every query, publishes metrics and never makes requesters pay', () => {
      // Act
      const { stack } = lake();

      // Assert
      expect(workgroupConfig(stack)).toMatchObject({
        EnforceWorkGroupConfiguration: true,
        PublishCloudWatchMetricsEnabled: true,
        RequesterPaysEnabled: false,
      });
    });

    it('writes results under the prefix of the results bucket, SSE-KMS with the key', () => {
      // Act
      const { stack, storage } = lake();

      // Assert
      expect(workgroupConfig(stack).ResultConfiguration).toEqual({
        OutputLocation: {
          'Fn::Join': ['', ['s3://', { Ref: id(stack, storage.queryResultsBucket) }, '/athena-results/']],
        },
        EncryptionConfiguration: { EncryptionOption: 'SSE_KMS', KmsKey: arn(stack, storage.operationsKey) },
      });
    });

    it('uses a given results prefix', () => {
      // Act
      const { stack, workgroup } = lake({ resultsPrefix: 'analysts/' });

      // Assert
      expect(stack.resolve(workgroup.resultsLocation)['Fn::Join'][1]).toContain('/analysts/');
    });

    it('stops a query after 10 GiB scanned by default', () => {
      // Act
      const { stack } = lake();

      // Assert
      expect(workgroupConfig(stack).BytesScannedCutoffPerQuery).toBe(10 * 1024 ** 3);
    });

    it('uses a given scan limit', () => {
      // Act
      const { stack } = lake({ bytesScannedCutoffPerQuery: Size.gibibytes(1) });

      // Assert
      expect(workgroupConfig(stack).BytesScannedCutoffPerQuery).toBe(1024 ** 3);
    });

    it('uses a given workgroup name', () => {
      // Act
      const { stack } = lake({ workGroupName: 'analysts' });

      // Assert
      Template.fromStack(stack).hasResourceProperties('AWS::Athena::WorkGroup', { Name: 'analysts' });
    });

    it('is retained, history included, by default', () => {
      // Act
      const { stack } = lake();

      // Assert
      Template.fromStack(stack).hasResource('AWS::Athena::WorkGroup', {
        DeletionPolicy: 'Retain',
        Properties: Match.objectLike({ RecursiveDeleteOption: false }),
      });
    });

    it('deletes its saved queries and history with it only when the removal policy is DESTROY', () => {
      // Act
      const { stack } = lake({ removalPolicy: RemovalPolicy.DESTROY });

      // Assert
      Template.fromStack(stack).hasResource('AWS::Athena::WorkGroup', {
        DeletionPolicy: 'Delete',
        Properties: Match.objectLike({ RecursiveDeleteOption: true }),
      });
    });
  });

  describe('validation', () => {
    it('refuses a scan limit below 10,000,000 bytes, naming the prop and value', () => {
      // Act
      const error = errorOf(() => lake({ bytesScannedCutoffPerQuery: Size.mebibytes(9) }));

      // Assert
      expect(error.name).toBe('InvalidPropsError');
      expect(error.message).toContain(
        'bytesScannedCutoffPerQuery: got 9437184 bytes; Athena allows at least 10000000 bytes',
      );
    });

    it('accepts exactly 10,000,000 bytes', () => {
      // Act
      const { stack } = lake({ bytesScannedCutoffPerQuery: Size.bytes(10_000_000) });

      // Assert
      expect(workgroupConfig(stack).BytesScannedCutoffPerQuery).toBe(10_000_000);
    });

    it('reports every bad prop at once: name, prefix and database name', () => {
      // Act
      const error = errorOf(() =>
        lake({ workGroupName: 'my workgroup', resultsPrefix: 'results', databases: ['Bad-Name'] }),
      );

      // Assert
      expect(error.message).toMatch(/workGroupName: got 'my workgroup'; allowed: 1 to 128 letters/);
      expect(error.message).toMatch(/resultsPrefix: got 'results'; a key prefix ends with '\/'/);
      expect(error.message).toMatch(/databases\[0\]: got 'Bad-Name'; allowed/);
    });
  });

  describe('grantQuery', () => {
    function granted(overrides: Partial<QueryWorkgroupProps> = {}): { lake: Lake; statements: unknown[] } {
      const built = lake(overrides);
      const role = new iam.Role(built.stack, 'Analyst', { assumedBy: new iam.AccountRootPrincipal() });
      built.workgroup.grantQuery(role);
      const [policy] = Object.values(Template.fromStack(built.stack).findResources('AWS::IAM::Policy'));
      return { lake: built, statements: policy.Properties.PolicyDocument.Statement };
    }

    it('allows running and reading queries in this workgroup only', () => {
      // Act
      const { lake: l, statements } = granted();

      // Assert
      expect(statements[0]).toEqual({
        Effect: 'Allow',
        Action: [
          'athena:StartQueryExecution',
          'athena:GetQueryExecution',
          'athena:GetQueryResults',
          'athena:GetQueryResultsStream',
          'athena:StopQueryExecution',
          'athena:GetWorkGroup',
          'athena:ListQueryExecutions',
          'athena:BatchGetQueryExecution',
        ],
        Resource: partitionArn(':athena:eu-west-1:123456789012:workgroup/', {
          Ref: id(l.stack, l.workgroup),
        }),
      });
    });

    it('allows reading the catalog, the given databases and their tables', () => {
      // Act
      const { lake: l, statements } = granted();

      // Assert
      const sales = { Ref: id(l.stack, l.catalog.database('sales')) };
      expect(statements[1]).toEqual({
        Effect: 'Allow',
        Action: [
          'glue:GetDatabase',
          'glue:GetDatabases',
          'glue:GetTable',
          'glue:GetTables',
          'glue:GetPartition',
          'glue:GetPartitions',
          'glue:BatchGetPartition',
        ],
        Resource: [
          partitionArn(':glue:eu-west-1:123456789012:catalog'),
          partitionArn(':glue:eu-west-1:123456789012:database/', sales),
          partitionArn(':glue:eu-west-1:123456789012:database/events_db'),
          partitionArn(':glue:eu-west-1:123456789012:table/', sales, '/*'),
          partitionArn(':glue:eu-west-1:123456789012:table/events_db/*'),
        ],
      });
    });

    it('allows reading the data buckets', () => {
      // Act
      const { lake: l, statements } = granted();

      // Assert
      const { curatedBucket, eventsBucket } = l.storage;
      expect(statements.slice(2, 4)).toEqual([
        {
          Effect: 'Allow',
          Action: ['s3:GetBucketLocation', 's3:ListBucket'],
          Resource: [arn(l.stack, curatedBucket), arn(l.stack, eventsBucket)],
        },
        {
          Effect: 'Allow',
          Action: 's3:GetObject',
          Resource: [
            { 'Fn::Join': ['', [arn(l.stack, curatedBucket), '/*']] },
            { 'Fn::Join': ['', [arn(l.stack, eventsBucket), '/*']] },
          ],
        },
      ]);
    });

    it('allows reading and writing results under the results prefix only', () => {
      // Act
      const { lake: l, statements } = granted();

      // Assert
      const results = l.storage.queryResultsBucket;
      expect(statements.slice(4, 6)).toEqual([
        {
          Effect: 'Allow',
          Action: ['s3:GetBucketLocation', 's3:ListBucket', 's3:ListBucketMultipartUploads'],
          Resource: arn(l.stack, results),
        },
        {
          Effect: 'Allow',
          Action: ['s3:GetObject', 's3:PutObject', 's3:AbortMultipartUpload', 's3:ListMultipartUploadParts'],
          Resource: { 'Fn::Join': ['', [arn(l.stack, results), '/athena-results/*']] },
        },
      ]);
    });

    it("allows decrypting with the results key and the data buckets' keys and making data keys for results, and nothing more", () => {
      // Act
      const { lake: l, statements } = granted();

      // Assert
      expect(statements.slice(6)).toEqual([
        {
          Effect: 'Allow',
          Action: ['kms:Decrypt', 'kms:GenerateDataKey'],
          Resource: arn(l.stack, l.storage.operationsKey),
        },
        { Effect: 'Allow', Action: 'kms:Decrypt', Resource: arn(l.stack, l.storage.curatedKey) },
        { Effect: 'Allow', Action: 'kms:Decrypt', Resource: arn(l.stack, l.storage.eventsKey) },
      ]);
    });

    it('grants no data read when there are no data buckets', () => {
      // Act
      const { lake: l, statements } = granted({ dataBuckets: [] });

      // Assert
      const policy = JSON.stringify(statements);
      expect(policy).not.toContain(id(l.stack, l.storage.curatedBucket));
      expect(policy).not.toContain(id(l.stack, l.storage.eventsBucket));
      expect(statements).toHaveLength(5);
    });
  });

  describe('cdk-nag', () => {
    it('has no unacknowledged AwsSolutions finding for storage, catalog, workgroup and an analyst', () => {
      // Arrange
      const app = testApp();
      const { stack, workgroup } = lake({}, new Stack(app, 'Nag', { env: TEST_ENV }));
      const analyst = new iam.Role(stack, 'Analyst', { assumedBy: new iam.AccountRootPrincipal() });
      workgroup.grantQuery(analyst);

      // Act
      const findings = nagFindings(app);

      // Assert
      expect(describeFindings(findings)).toEqual([]);
    });
  });
});
