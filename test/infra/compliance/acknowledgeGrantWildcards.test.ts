import { Stack, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { acknowledgeGrantWildcards } from '../../../lib/infra/compliance/acknowledgeGrantWildcards';
import { describeFindings, nagFindings } from '../../helpers/nag';
import { TEST_ENV, testApp } from '../../helpers/testApp';

function nagStack(): { app: ReturnType<typeof testApp>; stack: Stack; bucket: s3.Bucket; role: iam.Role } {
  const app = testApp();
  const stack = new Stack(app, 'Nag', { env: TEST_ENV });
  const logs = new s3.Bucket(stack, 'Logs', { enforceSSL: true });
  const bucket = new s3.Bucket(stack, 'Data', { enforceSSL: true, serverAccessLogsBucket: logs });
  const role = new iam.Role(stack, 'Role', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
  return { app, stack, bucket, role };
}

describe('acknowledgeGrantWildcards', () => {
  it("acknowledges the grant's wildcard actions and resources on the grantee", () => {
    // Arrange
    const { app, bucket, role } = nagStack();
    const grant = bucket.grantRead(role);

    // Act
    acknowledgeGrantWildcards(role, grant, 'read of one bucket');

    // Assert
    expect(describeFindings(nagFindings(app)).filter((f) => f.includes('/Role/'))).toEqual([]);
  });

  it('leaves a wildcard from outside the grant reported', () => {
    // Arrange: the same grant, plus a wildcard the user adds on their own
    const { app, bucket, role } = nagStack();
    acknowledgeGrantWildcards(role, bucket.grantRead(role), 'read of one bucket');
    role.addToPolicy(new iam.PolicyStatement({ actions: ['sqs:SendMessage'], resources: ['*'] }));

    // Act
    const findings = describeFindings(nagFindings(app)).filter((f) => f.includes('/Role/'));

    // Assert
    expect(findings).toEqual(['AwsSolutions-IAM5[Resource::*] at Nag/Role/DefaultPolicy/Resource']);
  });

  it('reports the same grant when it is not acknowledged, so the test above can fail', () => {
    // Arrange
    const { app, stack, bucket, role } = nagStack();
    bucket.grantRead(role);
    const bucketId = stack.getLogicalId(bucket.node.defaultChild as s3.CfnBucket);

    // Act
    const findings = describeFindings(nagFindings(app)).filter((f) => f.includes('/Role/'));

    // Assert
    expect(findings).toEqual([
      'AwsSolutions-IAM5[Action::s3:GetObject*] at Nag/Role/DefaultPolicy/Resource',
      'AwsSolutions-IAM5[Action::s3:GetBucket*] at Nag/Role/DefaultPolicy/Resource',
      'AwsSolutions-IAM5[Action::s3:List*] at Nag/Role/DefaultPolicy/Resource',
      `AwsSolutions-IAM5[Resource::<${bucketId}.Arn>/*] at Nag/Role/DefaultPolicy/Resource`,
    ]);
  });

  it('does nothing for a principal that is not a construct', () => {
    // Arrange
    const { stack, bucket } = nagStack();
    const service = new iam.ServicePrincipal('logging.s3.amazonaws.com');
    const grant = bucket.grantRead(service);

    // Act
    const act = () => acknowledgeGrantWildcards(service, grant, 'resource policy only');

    // Assert
    expect(act).not.toThrow();
    const acknowledged = stack.node
      .findAll()
      .flatMap((construct) => construct.node.metadata)
      .filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
      .flatMap((entry) => Object.keys(entry.data as object))
      .filter((id) => id.includes('AwsSolutions'));
    expect(acknowledged).toEqual([]);
  });
});
