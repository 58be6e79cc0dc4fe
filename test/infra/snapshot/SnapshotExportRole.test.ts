import { Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import {
  SnapshotExportRole,
  type SnapshotExportRoleProps,
} from '../../../lib/infra/snapshot/SnapshotExportRole';
import { describeFindings, nagFindings } from '../../helpers/nag';
import { TEST_ENV, testApp, testStack } from '../../helpers/testApp';

interface Fixture {
  readonly stack: Stack;
  readonly key: kms.Key;
  readonly bucket: s3.Bucket;
  readonly exportRole: SnapshotExportRole;
  /** Logical id of the bucket, the key and the export role. */
  readonly ids: { readonly bucket: string; readonly key: string; readonly role: string };
}

/** A raw bucket encrypted with its own key, and the export role for it. */
function build(props: Partial<SnapshotExportRoleProps> = {}, stack: Stack = testStack()): Fixture {
  const key = new kms.Key(stack, 'Key', { enableKeyRotation: true });
  const logs = new s3.Bucket(stack, 'Logs', { enforceSSL: true });
  const bucket = new s3.Bucket(stack, 'Raw', {
    encryptionKey: key,
    enforceSSL: true,
    serverAccessLogsBucket: logs,
  });
  const exportRole = new SnapshotExportRole(stack, 'Export', { bucket, ...props });
  const ids = {
    bucket: stack.getLogicalId(bucket.node.defaultChild as s3.CfnBucket),
    key: stack.getLogicalId(key.node.defaultChild as kms.CfnKey),
    role: stack.getLogicalId(exportRole.role.node.defaultChild as iam.CfnRole),
  };
  return { stack, key, bucket, exportRole, ids };
}

function callerRole(stack: Stack): iam.Role {
  return new iam.Role(stack, 'Caller', { assumedBy: new iam.ServicePrincipal('states.amazonaws.com') });
}

describe('SnapshotExportRole', () => {
  it('is assumed only by RDS export, for this account', () => {
    // Act
    const { stack } = build();

    // Assert
    Template.fromStack(stack).hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: {
        Statement: [
          {
            Action: 'sts:AssumeRole',
            Effect: 'Allow',
            Principal: { Service: 'export.rds.amazonaws.com' },
            Condition: { StringEquals: { 'aws:SourceAccount': '123456789012' } },
          },
        ],
      },
    });
  });

  it('may use the raw bucket and the objects under the prefix, with the exact actions RDS export needs', () => {
    // Act
    const { stack, ids } = build({ prefix: 'exports/service/' });

    // Assert
    Template.fromStack(stack).hasResourceProperties('AWS::IAM::Policy', {
      Roles: [{ Ref: ids.role }],
      PolicyDocument: {
        Statement: [
          {
            Action: ['s3:ListBucket', 's3:GetBucketLocation'],
            Effect: 'Allow',
            Resource: { 'Fn::GetAtt': [ids.bucket, 'Arn'] },
          },
          {
            Action: ['s3:PutObject*', 's3:GetObject*', 's3:DeleteObject*'],
            Effect: 'Allow',
            Resource: { 'Fn::Join': ['', [{ 'Fn::GetAtt': [ids.bucket, 'Arn'] }, '/exports/service/*']] },
          },
          {
            Action: ['kms:Decrypt', 'kms:Encrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*'],
            Effect: 'Allow',
            Resource: { 'Fn::GetAtt': [ids.key, 'Arn'] },
          },
        ],
      },
    });
  });

  it('may use every object of the bucket when no prefix is given', () => {
    // Act
    const { stack, ids, exportRole } = build();

    // Assert
    Template.fromStack(stack).hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Action: ['s3:PutObject*', 's3:GetObject*', 's3:DeleteObject*'],
            Resource: { 'Fn::Join': ['', [{ 'Fn::GetAtt': [ids.bucket, 'Arn'] }, '/*']] },
          }),
        ]),
      },
    });
    expect(exportRole.prefix).toBe('');
  });

  it("uses the bucket's key unless another is given", () => {
    // Arrange
    const stack = testStack();
    const exportKey = new kms.Key(stack, 'ExportKey', { enableKeyRotation: true });

    // Act
    const { exportRole } = build({ encryptionKey: exportKey }, stack);

    // Assert
    expect(exportRole.encryptionKey).toBe(exportKey);
    Template.fromStack(stack).hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Action: ['kms:Decrypt', 'kms:Encrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*'],
            Resource: {
              'Fn::GetAtt': [stack.getLogicalId(exportKey.node.defaultChild as kms.CfnKey), 'Arn'],
            },
          }),
        ]),
      },
    });
  });

  it('grants the caller exactly the export task actions, PassRole on this role and the key grant', () => {
    // Arrange
    const { stack, exportRole, ids } = build();
    const caller = callerRole(stack);

    // Act
    exportRole.grantStartExport(caller);

    // Assert
    Template.fromStack(stack).hasResourceProperties('AWS::IAM::Policy', {
      Roles: [{ Ref: stack.getLogicalId(caller.node.defaultChild as iam.CfnRole) }],
      PolicyDocument: {
        Statement: [
          {
            Action: ['rds:StartExportTask', 'rds:DescribeExportTasks', 'rds:CancelExportTask'],
            Effect: 'Allow',
            Resource: '*',
          },
          { Action: 'iam:PassRole', Effect: 'Allow', Resource: { 'Fn::GetAtt': [ids.role, 'Arn'] } },
          {
            Action: 'kms:CreateGrant',
            Condition: { Bool: { 'kms:GrantIsForAWSResource': true } },
            Effect: 'Allow',
            Resource: { 'Fn::GetAtt': [ids.key, 'Arn'] },
          },
          { Action: 'kms:DescribeKey', Effect: 'Allow', Resource: { 'Fn::GetAtt': [ids.key, 'Arn'] } },
        ],
      },
    });
  });

  it('refuses a bucket without a key when no key is given', () => {
    // Arrange
    const stack = testStack();
    const bucket = new s3.Bucket(stack, 'Plain');

    // Act
    const act = () => new SnapshotExportRole(stack, 'Export', { bucket });

    // Assert
    expect(act).toThrow(
      'Invalid props for Test/Export:\n' +
        '  encryptionKey: missing, and the bucket has no KMS key; an RDS export needs a customer managed KMS key',
    );
  });

  it.each(['', '/exports/', 'exports/*'])('refuses prefix %p, naming it', (prefix) => {
    // Arrange
    const stack = testStack();
    const bucket = new s3.Bucket(stack, 'Plain');

    // Act
    const act = () => new SnapshotExportRole(stack, 'Export', { bucket, prefix });

    // Assert
    expect(act).toThrow(
      new RegExp(
        `Invalid props for Test/Export:\\n {2}encryptionKey: missing, and the bucket has no KMS key.*\\n {2}prefix: got "${prefix.replace('*', '\\*')}"; must be a non-empty S3 key prefix`,
      ),
    );
  });

  it('passes cdk-nag AwsSolutions, its own and the granted wildcards acknowledged with reasons', () => {
    // Arrange
    const app = testApp();
    const stack = new Stack(app, 'Nag', { env: TEST_ENV });
    const { exportRole } = build({ prefix: 'exports/' }, stack);
    exportRole.grantStartExport(callerRole(stack));

    // Act
    const findings = nagFindings(app);

    // Assert
    expect(describeFindings(findings)).toEqual([]);
  });
});
