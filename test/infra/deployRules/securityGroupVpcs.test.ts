import { Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { DEFAULT_CONFIG_PATH, loadConfig } from '../../../lib/config';
import { createDataLake } from '../../../lib/infra/app/createDataLake';
import { synthesizedStacks } from '../../../lib/infra/deployRules';
import { securityGroupVpcs } from '../../../lib/infra/deployRules/securityGroupVpcs';
import { TEST_ENV, testApp } from '../../helpers/testApp';

const DATABASE_GROUP = 'sg-0a1b2c3d4e5f67890';

function importedVpc(stack: Stack): ec2.IVpc {
  return ec2.Vpc.fromVpcAttributes(stack, 'Imported', {
    vpcId: 'vpc-0a1b2c3d4e5f67890',
    availabilityZones: ['eu-west-1a', 'eu-west-1b'],
    isolatedSubnetIds: ['subnet-0123456789abcdef0', 'subnet-0fedcba9876543210'],
  });
}

/** A group in `vpc` let into the database's security group, which the app only knows by id. */
function letIntoDatabase(stack: Stack, vpc: ec2.IVpc): void {
  const pipeline = new ec2.SecurityGroup(stack, 'Pipeline', { vpc });
  const database = ec2.SecurityGroup.fromSecurityGroupId(stack, 'Database', DATABASE_GROUP, {
    mutable: true,
  });
  database.addIngressRule(pipeline, ec2.Port.tcp(5432));
}

describe('securityGroupVpcs (VPC peering guide: security groups reference groups of the same or a peered VPC)', () => {
  it('reports a group of a VPC the app creates let into a group the app only names by id', () => {
    // Arrange
    const app = testApp();
    const stack = new Stack(app, 'S', { env: TEST_ENV });
    letIntoDatabase(stack, new ec2.Vpc(stack, 'New', { maxAzs: 2, natGateways: 0 }));

    // Act
    const violations = securityGroupVpcs.check(synthesizedStacks(app.synth()));

    // Assert
    expect(violations).toHaveLength(1);
    expect(violations[0]?.message).toMatch(
      new RegExp(
        `pairs ${DATABASE_GROUP}, a security group outside the app, with a group of the VPC the app creates`,
      ),
    );
  });

  it('accepts the same rule in an imported VPC, which the config requires to be the database’s', () => {
    // Arrange
    const app = testApp();
    const stack = new Stack(app, 'S', { env: TEST_ENV });
    letIntoDatabase(stack, importedVpc(stack));

    // Act
    const violations = securityGroupVpcs.check(synthesizedStacks(app.synth()));

    // Assert
    expect(violations).toEqual([]);
  });

  it('reports groups of two VPCs the app creates, across stacks', () => {
    // Arrange
    const app = testApp();
    const first = new Stack(app, 'First', { env: TEST_ENV });
    const second = new Stack(app, 'Second', { env: TEST_ENV });
    const a = new ec2.SecurityGroup(first, 'A', {
      vpc: new ec2.Vpc(first, 'VpcA', { maxAzs: 2, natGateways: 0 }),
    });
    const b = new ec2.SecurityGroup(second, 'B', {
      vpc: new ec2.Vpc(second, 'VpcB', { maxAzs: 2, natGateways: 0 }),
    });
    b.addIngressRule(a, ec2.Port.tcp(443));

    // Act
    const violations = securityGroupVpcs.check(synthesizedStacks(app.synth()));

    // Assert
    expect(violations.map((v) => v.message)).toEqual([
      expect.stringMatching(/pairs security groups of two VPCs \(Second\/VpcB\w+ and First\/VpcA\w+\)/),
    ]);
  });

  it('accepts groups of one VPC, the other group in another stack', () => {
    // Arrange
    const app = testApp();
    const first = new Stack(app, 'First', { env: TEST_ENV });
    const second = new Stack(app, 'Second', { env: TEST_ENV });
    const vpc = new ec2.Vpc(first, 'Vpc', { maxAzs: 2, natGateways: 0 });
    const a = new ec2.SecurityGroup(first, 'A', { vpc });
    const b = new ec2.SecurityGroup(second, 'B', { vpc });
    b.addIngressRule(a, ec2.Port.tcp(443));

    // Act
    const violations = securityGroupVpcs.check(synthesizedStacks(app.synth()));

    // Assert
    expect(violations).toEqual([]);
  });

  it('reports the example’s Aurora source in a VPC the lake creates, as the config used to allow', () => {
    // Arrange: the example config without its imported VPC (the config schema now refuses this)
    const config = loadConfig(DEFAULT_CONFIG_PATH);
    const app = testApp();
    createDataLake(app, { ...config, network: { maxAzs: 2 } }, TEST_ENV);

    // Act
    const violations = securityGroupVpcs.check(synthesizedStacks(app.synth()));

    // Assert: the replica pipeline's plan and extract and the cdc apply's plan groups let into the cluster's security group, and
    // their egress to it (their groups send nothing else); each source's DMS replication group the
    // same way into its primary's group (the cluster's, or the RDS instance's cdc.securityGroupId)
    const payments = [
      'marketplace-source-payments',
      expect.stringContaining('pairs sg-0a1b2c3d4e5f67890, a security group outside the app'),
    ];
    const service = [
      'marketplace-source-service',
      expect.stringContaining('pairs sg-0f1e2d3c4b5a69788, a security group outside the app'),
    ];
    expect(violations.map((v) => [v.stack, v.message])).toEqual([
      ...Array(8).fill(payments),
      ...Array(2).fill(service),
    ]);
  });
});
