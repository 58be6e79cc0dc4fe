import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { synthesizedStacks } from '../../../lib/infra/deployRules';
import { lambdaVpcPermissions } from '../../../lib/infra/deployRules/lambdaVpcPermissions';
import { pipelineFunction } from '../../../lib/infra/lambda/pipelineFunction';
import { grantLambdaNetworkInterfaces } from '../../../lib/infra/network/grantLambdaNetworkInterfaces';
import { TEST_ENV, testApp } from '../../helpers/testApp';

function vpcFunction(stack: Stack, role: iam.IRole): lambda.Function {
  const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 0 });
  return new lambda.Function(stack, 'Fn', {
    runtime: lambda.Runtime.NODEJS_24_X,
    handler: 'index.handler',
    code: lambda.Code.fromInline('exports.handler = async () => {}'),
    role,
    vpc,
    vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
  });
}

function lambdaRole(stack: Stack): iam.Role {
  return new iam.Role(stack, 'Role', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
}

describe('lambdaVpcPermissions (Lambda guide: execution role permissions for a VPC function)', () => {
  it('reports each ENI action a VPC function’s own role lacks', () => {
    // Arrange
    const app = testApp();
    const stack = new Stack(app, 'S', { env: TEST_ENV });
    vpcFunction(stack, lambdaRole(stack));

    // Act
    const violations = lambdaVpcPermissions.check(synthesizedStacks(app.synth()));

    // Assert
    expect(violations.map((v) => v.message)).toEqual([
      expect.stringContaining('does not allow ec2:CreateNetworkInterface on "*"'),
      expect.stringContaining('does not allow ec2:DescribeNetworkInterfaces on "*"'),
      expect.stringContaining('does not allow ec2:DeleteNetworkInterface on "*"'),
      expect.stringContaining('does not allow ec2:AssignPrivateIpAddresses on "*"'),
      expect.stringContaining('does not allow ec2:UnassignPrivateIpAddresses on "*"'),
    ]);
  });

  it('accepts a role granted grantLambdaNetworkInterfaces, which the function depends on', () => {
    // Arrange
    const app = testApp();
    const stack = new Stack(app, 'S', { env: TEST_ENV });
    const role = lambdaRole(stack);
    grantLambdaNetworkInterfaces(role);
    vpcFunction(stack, role);

    // Act
    const violations = lambdaVpcPermissions.check(synthesizedStacks(app.synth()));

    // Assert
    expect(violations).toEqual([]);
  });

  it('accepts the role aws-cdk-lib creates, with AWSLambdaVPCAccessExecutionRole', () => {
    // Arrange
    const app = testApp();
    const stack = new Stack(app, 'S', { env: TEST_ENV });
    new lambda.Function(stack, 'Fn', {
      runtime: lambda.Runtime.NODEJS_24_X,
      handler: 'index.handler',
      code: lambda.Code.fromInline('exports.handler = async () => {}'),
      vpc: new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 0 }),
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
    });

    // Act
    const violations = lambdaVpcPermissions.check(synthesizedStacks(app.synth()));

    // Assert
    expect(violations).toEqual([]);
  });

  it('reports a grant in a policy the function does not wait for', () => {
    // Arrange: the policy is attached to the role but outside the role's construct tree
    const app = testApp();
    const stack = new Stack(app, 'S', { env: TEST_ENV });
    const role = lambdaRole(stack);
    const fn = vpcFunction(stack, role);
    new iam.Policy(stack, 'LatePolicy', { roles: [role], statements: [grantStatement()] });

    // Act
    const violations = lambdaVpcPermissions.check(synthesizedStacks(app.synth()));

    // Assert
    expect(violations[0]?.message).toMatch(
      /does not depend on LatePolicy\w*, which grants ec2:CreateNetworkInterface/,
    );
    expect(violations[0]?.resource).toBe(stack.getLogicalId(fn.node.defaultChild as lambda.CfnFunction));
  });

  it('finds pipelineFunction in a VPC deployable: its role may manage the network interfaces before the function exists', () => {
    // Arrange
    const app = testApp();
    const stack = new Stack(app, 'S', { env: TEST_ENV });
    pipelineFunction(stack, 'Extract', {
      name: 'extract',
      description: 'Extracts',
      memorySize: 1024,
      timeout: Duration.minutes(1),
      environment: {},
      logRetention: logs.RetentionDays.ONE_WEEK,
      logEncryptionKey: new kms.Key(stack, 'Key'),
      removalPolicy: RemovalPolicy.DESTROY,
      vpc: new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 0 }),
    });

    // Act
    const violations = lambdaVpcPermissions.check(synthesizedStacks(app.synth()));

    // Assert
    expect(violations).toEqual([]);
  });
});

function grantStatement(): iam.PolicyStatement {
  return new iam.PolicyStatement({
    actions: [
      'ec2:CreateNetworkInterface',
      'ec2:DescribeNetworkInterfaces',
      'ec2:DeleteNetworkInterface',
      'ec2:AssignPrivateIpAddresses',
      'ec2:UnassignPrivateIpAddresses',
    ],
    resources: ['*'],
  });
}
