import { App, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import type * as rds from 'aws-cdk-lib/aws-rds';
import { InvalidPropsError } from '../../../lib/core/errors';
import { readValidationFindings } from '../../../lib/infra/compliance/readValidationFindings';
import { DataLakeNetwork } from '../../../lib/infra/network/DataLakeNetwork';
import { SourceReplica, type SourceReplicaProps } from '../../../lib/infra/source/SourceReplica';
import { describeFindings, nagFindings } from '../../helpers/nag';
import { TEST_ENV, testApp, testStack } from '../../helpers/testApp';

const PRIMARY_ARN = {
  'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':rds:eu-west-1:123456789012:db:prod-db']],
};

interface Fixture {
  readonly stack: Stack;
  readonly network: DataLakeNetwork;
  readonly replica: SourceReplica;
}

/** A stack with the lake's network and one replica construct built from `props`. */
function build(props: Partial<SourceReplicaProps> = {}, stack: Stack = testStack()): Fixture {
  const network = new DataLakeNetwork(stack, 'Network', {
    logEncryptionKey: new kms.Key(stack, 'LogKey', { enableKeyRotation: true }),
  });
  const replica = new SourceReplica(stack, 'Replica', {
    engine: 'mysql',
    vpc: network.vpc,
    vpcSubnets: network.subnetSelection,
    ...(props.primaryClusterIdentifier ? {} : { primaryInstanceIdentifier: 'prod-db' }),
    ...props,
  });
  return { stack, network, replica };
}

/** Aurora reader props for {@link build}. */
const AURORA: Partial<SourceReplicaProps> = {
  engine: 'postgres',
  primaryClusterIdentifier: 'prod-cluster',
  clusterSecurityGroupId: 'sg-0123456789abcdef0',
  vpc: undefined,
  vpcSubnets: undefined,
};

function dbInstances(template: Template): Record<string, unknown>[] {
  return Object.values(template.findResources('AWS::RDS::DBInstance')).map(
    (resource) => resource.Properties as Record<string, unknown>,
  );
}

describe('SourceReplica of an RDS instance', () => {
  it('creates count read replicas of the primary, named by its ARN', () => {
    // Act
    const { stack } = build({ count: 3 });

    // Assert
    const replicas = dbInstances(Template.fromStack(stack));
    expect(replicas).toHaveLength(3);
    for (const replica of replicas) expect(replica.SourceDBInstanceIdentifier).toEqual(PRIMARY_ARN);
  });

  it('creates one replica by default', () => {
    // Act
    const { stack } = build();

    // Assert
    Template.fromStack(stack).resourceCountIs('AWS::RDS::DBInstance', 1);
  });

  it('sets none of the properties CloudFormation rejects or ignores on a same-region replica', () => {
    // Act
    const { stack } = build();

    // Assert
    const [replica] = dbInstances(Template.fromStack(stack));
    for (const key of [
      'StorageEncrypted',
      'KmsKeyId',
      'Engine',
      'EngineVersion',
      'BackupRetentionPeriod',
      'DBName',
      'MasterUsername',
      'MasterUserPassword',
      'PreferredBackupWindow',
      'DBSnapshotIdentifier',
      'DBClusterIdentifier',
    ]) {
      expect(replica).not.toHaveProperty(key);
    }
  });

  it('places the replicas in a subnet group of the isolated subnets, with their own security group', () => {
    // Act
    const { stack } = build();

    // Assert
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::RDS::DBSubnetGroup', {
      SubnetIds: [
        { Ref: Match.stringLikeRegexp('NetworkVpcIsolatedSubnet1') },
        { Ref: Match.stringLikeRegexp('NetworkVpcIsolatedSubnet2') },
      ],
    });
    template.hasResourceProperties('AWS::RDS::DBInstance', {
      DBSubnetGroupName: { Ref: Match.stringLikeRegexp('ReplicaSubnetGroup') },
      VPCSecurityGroups: [{ 'Fn::GetAtt': [Match.stringLikeRegexp('ReplicaSecurityGroup'), 'GroupId'] }],
      PubliclyAccessible: false,
      DBInstanceClass: 'db.t4g.medium',
    });
  });

  it('uses the instance type given', () => {
    // Act
    const { stack } = build({
      instanceType: ec2.InstanceType.of(ec2.InstanceClass.MEMORY6_GRAVITON, ec2.InstanceSize.LARGE),
    });

    // Assert
    Template.fromStack(stack).hasResourceProperties('AWS::RDS::DBInstance', {
      DBInstanceClass: 'db.r6g.large',
    });
  });

  it.each([
    ['mysql', '3306', ['error', 'slowquery']],
    ['postgres', '5432', ['postgresql']],
  ] as const)(
    'gives a %s replica its default port, IAM auth and the engine log exports',
    (engine, port, exports) => {
      // Act
      const { stack, replica } = build({ engine });

      // Assert
      Template.fromStack(stack).hasResourceProperties('AWS::RDS::DBInstance', {
        Port: port,
        EnableIAMDatabaseAuthentication: true,
        EnableCloudwatchLogsExports: exports,
        AutoMinorVersionUpgrade: true,
      });
      expect(replica.port).toBe(Number(port));
    },
  );

  it('listens on the port given', () => {
    // Act
    const { stack } = build({ port: 13306 });

    // Assert
    Template.fromStack(stack).hasResourceProperties('AWS::RDS::DBInstance', { Port: '13306' });
  });

  it('lets nothing in, and nothing out, until allowConnectionsFrom', () => {
    // Act
    const { stack } = build();

    // Assert
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::EC2::SecurityGroup', {
      GroupDescription: 'Analytics read replicas: no ingress until allowConnectionsFrom',
      SecurityGroupIngress: Match.absent(),
      SecurityGroupEgress: [
        Match.objectLike({ CidrIp: '255.255.255.255/32', Description: 'Disallow all traffic' }),
      ],
    });
    template.resourceCountIs('AWS::EC2::SecurityGroupIngress', 0);
  });

  it('lets exactly the replica port in from the peer allowConnectionsFrom names', () => {
    // Arrange
    const { stack, network, replica } = build({ engine: 'postgres' });
    const pipeline = new ec2.SecurityGroup(stack, 'Pipeline', { vpc: network.vpc });

    // Act
    replica.allowConnectionsFrom(pipeline);

    // Assert
    const sgId = (group: ec2.ISecurityGroup) => ({
      'Fn::GetAtt': [stack.getLogicalId(group.node.defaultChild as ec2.CfnSecurityGroup), 'GroupId'],
    });
    const ingress = Object.values(Template.fromStack(stack).findResources('AWS::EC2::SecurityGroupIngress'));
    expect(ingress.map((rule) => rule.Properties)).toEqual([
      {
        GroupId: sgId(replica.securityGroup),
        SourceSecurityGroupId: sgId(pipeline),
        IpProtocol: 'tcp',
        FromPort: 5432,
        ToPort: 5432,
        Description: 'Pipeline to the postgres replica',
      },
    ]);
  });

  it('lists the peers it admitted as its clients, in order', () => {
    // Arrange
    const { stack, network, replica } = build({ engine: 'postgres' });
    const plan = new ec2.SecurityGroup(stack, 'Plan', { vpc: network.vpc });
    const extract = new ec2.SecurityGroup(stack, 'Extract', { vpc: network.vpc });

    // Act
    replica.allowConnectionsFrom(plan);
    replica.allowConnectionsFrom(extract);

    // Assert
    expect(replica.clients).toEqual([plan, extract]);
  });

  it('has enhanced monitoring every 60 s with a role for the monitoring service', () => {
    // Act
    const { stack } = build();

    // Assert
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::RDS::DBInstance', {
      MonitoringInterval: 60,
      MonitoringRoleArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('ReplicaMonitoringRole'), 'Arn'] },
    });
    template.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: {
        Statement: [
          {
            Action: 'sts:AssumeRole',
            Effect: 'Allow',
            Principal: { Service: 'monitoring.rds.amazonaws.com' },
          },
        ],
      },
      ManagedPolicyArns: [
        {
          'Fn::Join': [
            '',
            [
              'arn:',
              { Ref: 'AWS::Partition' },
              ':iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole',
            ],
          ],
        },
      ],
    });
  });

  it('monitors at the interval given', () => {
    // Act
    const { stack } = build({ monitoringInterval: Duration.seconds(15) });

    // Assert
    Template.fromStack(stack).hasResourceProperties('AWS::RDS::DBInstance', { MonitoringInterval: 15 });
  });

  it('turns enhanced monitoring off at 0 s, with no role', () => {
    // Act
    const { stack, replica } = build({ monitoringInterval: Duration.seconds(0) });

    // Assert
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::RDS::DBInstance', {
      MonitoringInterval: Match.absent(),
      MonitoringRoleArn: Match.absent(),
    });
    const monitoringRoles = template.findResources('AWS::IAM::Role', {
      Properties: {
        AssumeRolePolicyDocument: {
          Statement: [Match.objectLike({ Principal: { Service: 'monitoring.rds.amazonaws.com' } })],
        },
      },
    });
    expect(monitoringRoles).toEqual({});
    expect(replica.monitoringRole).toBeUndefined();
  });

  it('turns Performance Insights on with the AWS managed key by default', () => {
    // Act
    const { stack } = build();

    // Assert
    Template.fromStack(stack).hasResourceProperties('AWS::RDS::DBInstance', {
      EnablePerformanceInsights: true,
      PerformanceInsightsKMSKeyId: Match.absent(),
    });
  });

  it('encrypts Performance Insights with the key given', () => {
    // Arrange
    const stack = testStack();
    const key = new kms.Key(stack, 'PiKey');

    // Act
    build({ performanceInsightsEncryptionKey: key }, stack);

    // Assert
    Template.fromStack(stack).hasResourceProperties('AWS::RDS::DBInstance', {
      EnablePerformanceInsights: true,
      PerformanceInsightsKMSKeyId: {
        'Fn::GetAtt': [stack.getLogicalId(key.node.defaultChild as kms.CfnKey), 'Arn'],
      },
    });
  });

  it('turns Performance Insights off when told', () => {
    // Act
    const { stack } = build({ enablePerformanceInsights: false });

    // Assert
    Template.fromStack(stack).hasResourceProperties('AWS::RDS::DBInstance', {
      EnablePerformanceInsights: false,
    });
  });

  it('protects replicas from deletion by default', () => {
    // Act
    const { stack } = build();

    // Assert
    Template.fromStack(stack).hasResourceProperties('AWS::RDS::DBInstance', { DeletionProtection: true });
  });

  it('leaves replicas unprotected when deletionProtection is false', () => {
    // Act
    const { stack } = build({ deletionProtection: false });

    // Assert
    Template.fromStack(stack).hasResourceProperties('AWS::RDS::DBInstance', { DeletionProtection: false });
  });

  it('retains replicas by default and follows the removal policy given', () => {
    // Act
    const retained = build();
    const destroyed = build({ removalPolicy: RemovalPolicy.DESTROY });

    // Assert
    Template.fromStack(retained.stack).hasResource('AWS::RDS::DBInstance', {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
    });
    Template.fromStack(destroyed.stack).hasResource('AWS::RDS::DBInstance', {
      DeletionPolicy: 'Delete',
      UpdateReplacePolicy: 'Delete',
    });
  });

  it('exposes each replica endpoint, address and port, in order', () => {
    // Act
    const { stack, replica } = build({ count: 2 });

    // Assert
    const ids = replica.instances.map((instance) => stack.getLogicalId(instance));
    expect(replica.endpoints.map((endpoint) => stack.resolve(endpoint.hostname))).toEqual(
      ids.map((id) => ({ 'Fn::GetAtt': [id, 'Endpoint.Address'] })),
    );
    expect(replica.endpoints.map((endpoint) => stack.resolve(endpoint.port))).toEqual(
      ids.map((id) => ({ 'Fn::GetAtt': [id, 'Endpoint.Port'] })),
    );
  });

  it('grants rds-db:connect as one database user on every replica', () => {
    // Arrange
    const { stack, replica } = build({ count: 2 });
    const role = new iam.Role(stack, 'Extract', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
    });

    // Act
    replica.grantConnect(role, 'lake_reader');

    // Assert
    const connectArn = (id: string) => ({
      'Fn::Join': [
        '',
        [
          'arn:',
          { Ref: 'AWS::Partition' },
          ':rds-db:eu-west-1:123456789012:dbuser:',
          { 'Fn::GetAtt': [id, 'DbiResourceId'] },
          '/lake_reader',
        ],
      ],
    });
    Template.fromStack(stack).hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: [
          {
            Action: 'rds-db:connect',
            Effect: 'Allow',
            Resource: replica.instances.map((instance) => connectArn(stack.getLogicalId(instance))),
          },
        ],
      },
      Roles: [{ Ref: stack.getLogicalId(role.node.defaultChild as iam.CfnRole) }],
    });
  });

  it.each(['', '*', 'lake/*'])('refuses to grant connect as database user %p', (dbUser) => {
    // Arrange
    const { stack, replica } = build();
    const role = new iam.Role(stack, 'Extract', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
    });

    // Act
    const act = () => replica.grantConnect(role, dbUser);

    // Assert
    expect(act).toThrow(InvalidPropsError);
    expect(act).toThrow(/dbUser: got ".*"; must be one database user name/);
  });

  it('refuses invalid props before creating anything, naming the prop', () => {
    // Arrange
    const stack = testStack();
    const network = new DataLakeNetwork(stack, 'Network', {
      logEncryptionKey: new kms.Key(stack, 'LogKey', { enableKeyRotation: true }),
    });

    // Act
    let error: unknown;
    try {
      new SourceReplica(stack, 'Replica', {
        engine: 'mysql',
        primaryInstanceIdentifier: 'prod-db',
        vpc: network.vpc,
        count: 6,
      });
    } catch (caught) {
      error = caught;
    }

    // Assert
    expect(error).toBeInstanceOf(InvalidPropsError);
    expect((error as InvalidPropsError).message).toBe(
      'Invalid props for Test/Replica:\n  count: got 6; must be a whole number from 1 to 5 (read replicas per RDS instance)',
    );
    expect(Template.fromStack(stack).findResources('AWS::RDS::DBInstance')).toEqual({});
  });
});

describe('SourceReplica of an Aurora cluster', () => {
  it('adds count reader instances to the cluster, with the Aurora engine name', () => {
    // Act
    const { stack } = build({ ...AURORA, count: 15 });

    // Assert
    const readers = dbInstances(Template.fromStack(stack));
    expect(readers).toHaveLength(15);
    for (const reader of readers) {
      expect(reader).toMatchObject({ DBClusterIdentifier: 'prod-cluster', Engine: 'aurora-postgresql' });
    }
  });

  it('uses aurora-mysql for a mysql source', () => {
    // Act
    const { stack } = build({ ...AURORA, engine: 'mysql' });

    // Assert
    Template.fromStack(stack).hasResourceProperties('AWS::RDS::DBInstance', { Engine: 'aurora-mysql' });
  });

  it('gives readers the last failover priority, monitoring, Performance Insights and no public address', () => {
    // Act
    const { stack } = build(AURORA);

    // Assert
    Template.fromStack(stack).hasResourceProperties('AWS::RDS::DBInstance', {
      PromotionTier: 15,
      PubliclyAccessible: false,
      AutoMinorVersionUpgrade: true,
      MonitoringInterval: 60,
      EnablePerformanceInsights: true,
    });
  });

  it('sets none of the settings Aurora manages per cluster', () => {
    // Act
    const { stack } = build({ ...AURORA, deletionProtection: true });

    // Assert
    const [reader] = dbInstances(Template.fromStack(stack));
    for (const key of [
      'SourceDBInstanceIdentifier',
      'StorageEncrypted',
      'DBSubnetGroupName',
      'VPCSecurityGroups',
      'Port',
      'DeletionProtection',
      'EnableIAMDatabaseAuthentication',
      'EnableCloudwatchLogsExports',
      'EngineVersion',
    ]) {
      expect(reader).not.toHaveProperty(key);
    }
    Template.fromStack(stack).resourceCountIs('AWS::RDS::DBSubnetGroup', 0);
  });

  it("opens the port on the cluster's security group for the peer", () => {
    // Arrange
    const { stack, network, replica } = build(AURORA);
    const pipeline = new ec2.SecurityGroup(stack, 'Pipeline', { vpc: network.vpc });

    // Act
    replica.allowConnectionsFrom(pipeline);

    // Assert
    const ingress = Object.values(Template.fromStack(stack).findResources('AWS::EC2::SecurityGroupIngress'));
    expect(ingress.map((rule) => rule.Properties)).toEqual([
      {
        GroupId: 'sg-0123456789abcdef0',
        SourceSecurityGroupId: {
          'Fn::GetAtt': [stack.getLogicalId(pipeline.node.defaultChild as ec2.CfnSecurityGroup), 'GroupId'],
        },
        IpProtocol: 'tcp',
        FromPort: 5432,
        ToPort: 5432,
        Description: 'Pipeline to the postgres replica',
      },
    ]);
  });

  it('grants rds-db:connect on the cluster resource id', () => {
    // Arrange
    const { stack, replica } = build({ ...AURORA, clusterResourceId: 'cluster-ABCDEFGHIJKLMNOPQRSTUVWXY2' });
    const role = new iam.Role(stack, 'Extract', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
    });

    // Act
    replica.grantConnect(role, 'lake_reader');

    // Assert
    Template.fromStack(stack).hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: [
          {
            Action: 'rds-db:connect',
            Effect: 'Allow',
            Resource: {
              'Fn::Join': [
                '',
                [
                  'arn:',
                  { Ref: 'AWS::Partition' },
                  ':rds-db:eu-west-1:123456789012:dbuser:cluster-ABCDEFGHIJKLMNOPQRSTUVWXY2/lake_reader',
                ],
              ],
            },
          },
        ],
      },
    });
  });

  it('refuses grantConnect without the cluster resource id', () => {
    // Arrange
    const { stack, replica } = build(AURORA);
    const role = new iam.Role(stack, 'Extract', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
    });

    // Act
    const act = () => replica.grantConnect(role, 'lake_reader');

    // Assert
    expect(act).toThrow(
      /clusterResourceId: missing; grantConnect on Aurora readers needs the cluster resource id/,
    );
  });
});

/** Custom endpoints Aurora allows per cluster ("You can create up to five custom endpoints", Custom endpoints for Amazon Aurora). */
const MAX_CUSTOM_ENDPOINTS_PER_CLUSTER = 5;
/** CloudFormation's DBClusterEndpointIdentifier pattern (aws-rds-dbclusterendpoint.json): at most 63 characters. */
const CUSTOM_ENDPOINT_ID = /^[a-z](?:-?[a-z0-9]){0,62}$/;

function clusterEndpoints(template: Template): Record<string, unknown>[] {
  return Object.values(template.findResources('AWS::RDS::DBClusterEndpoint')).map(
    (resource) => resource.Properties as Record<string, unknown>,
  );
}

describe('SourceReplica of an Aurora cluster: custom endpoints', () => {
  it('gives the analytics readers a custom READER endpoint with them as static members, by instance identifier', () => {
    // Act
    const { stack, replica } = build({ ...AURORA, count: 2, customEndpointPrefix: 'lake-service' });

    // Assert
    const refs = replica.instances.map((instance) => ({ Ref: stack.getLogicalId(instance) }));
    Template.fromStack(stack).hasResourceProperties('AWS::RDS::DBClusterEndpoint', {
      DBClusterIdentifier: 'prod-cluster',
      DBClusterEndpointIdentifier: 'lake-service-analytics',
      CustomEndpointType: 'READER',
      StaticMembers: refs,
      ExcludedMembers: Match.absent(),
    });
  });

  it('gives the product a custom ANY endpoint of every instance but the analytics readers', () => {
    // Act
    const { stack, replica } = build({ ...AURORA, count: 2, customEndpointPrefix: 'lake-service' });

    // Assert
    const refs = replica.instances.map((instance) => ({ Ref: stack.getLogicalId(instance) }));
    Template.fromStack(stack).hasResourceProperties('AWS::RDS::DBClusterEndpoint', {
      DBClusterIdentifier: 'prod-cluster',
      DBClusterEndpointIdentifier: 'lake-service-product',
      CustomEndpointType: 'ANY',
      ExcludedMembers: refs,
      StaticMembers: Match.absent(),
    });
  });

  it(`creates two custom endpoints, within the ${MAX_CUSTOM_ENDPOINTS_PER_CLUSTER} Aurora allows per cluster`, () => {
    // Act
    const { stack } = build({ ...AURORA, count: 15 });

    // Assert
    const endpoints = clusterEndpoints(Template.fromStack(stack));
    expect(endpoints).toHaveLength(2);
    expect(endpoints.length).toBeLessThanOrEqual(MAX_CUSTOM_ENDPOINTS_PER_CLUSTER);
  });

  it('names the endpoints after the cluster by default, within the identifier rules even for a 63-character cluster', () => {
    // Act
    const short = build({ ...AURORA, primaryClusterIdentifier: 'Prod-Cluster' });
    const long = build({ ...AURORA, primaryClusterIdentifier: `c${'-x1'.repeat(20)}yz` });

    // Assert
    const ids = [short, long].flatMap(({ stack }) =>
      clusterEndpoints(Template.fromStack(stack)).map(
        (endpoint) => endpoint.DBClusterEndpointIdentifier as string,
      ),
    );
    expect(ids.slice(0, 2)).toEqual(['prod-cluster-analytics', 'prod-cluster-product']);
    for (const id of ids) expect(id).toMatch(CUSTOM_ENDPOINT_ID);
  });

  it('has the pipeline connect to the analytics endpoint and know the readers by instance identifier', () => {
    // Act
    const { stack, replica } = build({ ...AURORA, count: 2 });

    // Assert
    const analytics = stack.getLogicalId(replica.analyticsEndpoint as rds.CfnDBClusterEndpoint);
    expect(replica.pipelineHosts.map((host) => stack.resolve(host))).toEqual([
      { 'Fn::GetAtt': [analytics, 'Endpoint'] },
    ]);
    expect(replica.auroraInstanceIdentifiers?.map((id) => stack.resolve(id))).toEqual(
      replica.instances.map((instance) => ({ Ref: stack.getLogicalId(instance) })),
    );
  });

  it('has instance replicas read directly, with no custom endpoint', () => {
    // Act
    const { stack, replica } = build({ count: 2 });

    // Assert
    expect(replica.pipelineHosts).toEqual(replica.endpoints.map((endpoint) => endpoint.hostname));
    expect([replica.auroraInstanceIdentifiers, replica.analyticsEndpoint, replica.productEndpoint]).toEqual([
      undefined,
      undefined,
      undefined,
    ]);
    Template.fromStack(stack).resourceCountIs('AWS::RDS::DBClusterEndpoint', 0);
  });
});

describe('SourceReplica when replica.count is lowered', () => {
  it.each([
    ['instance replicas', {}],
    ['Aurora readers', AURORA],
  ] as const)('leaves the remaining %s untouched and removes the last ones', (_, props) => {
    // Act
    const three = Template.fromStack(build({ ...props, count: 3 }).stack);
    const two = Template.fromStack(build({ ...props, count: 2 }).stack);

    // Assert
    const instancesOf = (template: Template) => template.findResources('AWS::RDS::DBInstance');
    const before = instancesOf(three);
    const after = instancesOf(two);
    expect(Object.keys(before).filter((id) => !(id in after))).toEqual([
      expect.stringMatching(/^ReplicaReplica3/),
    ]);
    for (const [id, resource] of Object.entries(after)) expect(resource).toEqual(before[id]);
  });

  it('deletes Aurora readers that leave the stack, even when told to retain replicas', () => {
    // Act
    const { stack } = build({ ...AURORA, removalPolicy: RemovalPolicy.RETAIN });

    // Assert
    Template.fromStack(stack).hasResource('AWS::RDS::DBInstance', {
      DeletionPolicy: 'Delete',
      UpdateReplacePolicy: 'Delete',
    });
  });

  it('takes the removed Aurora reader out of both custom endpoints', () => {
    // Act
    const { stack, replica } = build({ ...AURORA, count: 2 });

    // Assert: the member lists hold exactly the remaining readers
    const refs = replica.instances.map((instance) => ({ Ref: stack.getLogicalId(instance) }));
    const [analytics, product] = clusterEndpoints(Template.fromStack(stack));
    expect([analytics?.StaticMembers, product?.ExcludedMembers]).toEqual([refs, refs]);
  });
});

describe('SourceReplica compliance', () => {
  it("passes CloudFormation's own template validation, which rejects StorageEncrypted on a replica", () => {
    // Arrange: an app with the built-in validation on (test apps turn it off for speed)
    const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
    const stack = new Stack(app, 'Cfn', { env: TEST_ENV });
    build({ count: 2 }, stack);
    new SourceReplica(stack, 'Aurora', {
      engine: 'mysql',
      primaryClusterIdentifier: 'prod-cluster',
      clusterSecurityGroupId: 'sg-0123456789abcdef0',
    });

    // Act
    app.synth();

    // Assert
    expect(readValidationFindings(app.outdir)).toEqual([]);
  });

  it('passes cdk-nag AwsSolutions for instance replicas and Aurora readers reached by the pipeline', () => {
    // Arrange
    const app = testApp();
    const { stack, network, replica } = build({ count: 2 }, new Stack(app, 'Nag', { env: TEST_ENV }));
    const aurora = new SourceReplica(stack, 'Aurora', {
      engine: 'postgres',
      primaryClusterIdentifier: 'prod-cluster',
      clusterSecurityGroupId: 'sg-0123456789abcdef0',
    });
    const pipeline = new ec2.SecurityGroup(stack, 'Pipeline', { vpc: network.vpc });
    replica.allowConnectionsFrom(pipeline);
    aurora.allowConnectionsFrom(pipeline);

    // Act
    const findings = nagFindings(app);

    // Assert
    expect(describeFindings(findings)).toEqual([]);
  });

  it('still reports a replica whose deletion protection was turned off', () => {
    // Arrange: shows the test above can fail, and that the override is the user's to acknowledge
    const app = testApp();
    build({ deletionProtection: false }, new Stack(app, 'Nag', { env: TEST_ENV }));

    // Act
    const findings = nagFindings(app);

    // Assert
    expect(describeFindings(findings)).toEqual(['AwsSolutions-RDS10 at Nag/Replica/Replica1']);
  });
});
