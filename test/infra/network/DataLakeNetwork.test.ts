import { Aws, Stack, Stage } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { InvalidPropsError } from '../../../lib/core/errors';
import { DataLakeNetwork, type DataLakeNetworkProps } from '../../../lib/infra/network/DataLakeNetwork';
import { describeFindings, nagFindings } from '../../helpers/nag';
import { TEST_ENV, testApp, testStack } from '../../helpers/testApp';

/** The security group of a VPC's own interface endpoints. */
const EXISTING_ENDPOINTS_GROUP = 'sg-0e1e2e3e4e5e6e7e8';

const EXISTING = {
  vpcId: 'vpc-0a1b2c3d4e5f67890',
  availabilityZones: ['eu-west-1a', 'eu-west-1b'],
  subnetIds: ['subnet-0123456789abcdef0', 'subnet-0fedcba9876543210'],
};

/** The context lookups a synth of `stack`'s app left unresolved (what would need AWS credentials). */
function missingLookups(stack: Stack): string[] {
  const missing = Stage.of(stack)?.synth().manifest.missing ?? [];
  return missing.map((entry) => entry.provider);
}

type NetworkProps = Omit<DataLakeNetworkProps, 'logEncryptionKey'>;

/** A network in `stack` with a log key of its own. */
function networkIn(stack: Stack, props: NetworkProps = {}): DataLakeNetwork {
  return new DataLakeNetwork(stack, 'Network', {
    ...props,
    logEncryptionKey: new kms.Key(stack, 'LogKey', { enableKeyRotation: true }),
  });
}

function created(props: NetworkProps = {}): { network: DataLakeNetwork; template: Template } {
  const stack = testStack();
  const network = networkIn(stack, props);
  return { network, template: Template.fromStack(stack) };
}

/** A function in the network's VPC whose security group sends nothing until opened. */
function closedFunction(stack: Stack, network: DataLakeNetwork): lambda.Function {
  return new lambda.Function(stack, 'Fn', {
    runtime: lambda.Runtime.NODEJS_24_X,
    handler: 'index.handler',
    code: lambda.Code.fromInline('exports.handler = async () => undefined;'),
    vpc: network.vpc,
    vpcSubnets: network.subnetSelection,
    allowAllOutbound: false,
  });
}

describe('DataLakeNetwork, new VPC', () => {
  it('creates only isolated subnets, two by default, and no way out to the internet', () => {
    // Act
    const { template } = created();

    // Assert
    template.resourceCountIs('AWS::EC2::Subnet', 2);
    template.allResourcesProperties('AWS::EC2::Subnet', {
      MapPublicIpOnLaunch: false,
      Tags: Match.arrayWith([{ Key: 'aws-cdk:subnet-type', Value: 'Isolated' }]),
    });
    template.resourceCountIs('AWS::EC2::InternetGateway', 0);
    template.resourceCountIs('AWS::EC2::NatGateway', 0);
    template.resourceCountIs('AWS::EC2::Route', 0);
  });

  it('spans maxAzs Availability Zones', () => {
    // Act
    const { template } = created({ maxAzs: 3 });

    // Assert
    template.resourceCountIs('AWS::EC2::Subnet', 3);
  });

  it('looks the zones up from context by default, which needs credentials or cdk.context.json', () => {
    // Arrange
    const stack = testStack();

    // Act
    networkIn(stack);

    // Assert
    expect(missingLookups(stack)).toEqual(['availability-zones']);
  });

  it('uses the exact Availability Zones given, with no context lookup', () => {
    // Arrange
    const stack = testStack();

    // Act
    networkIn(stack, { availabilityZones: ['eu-west-1b', 'eu-west-1c'] });

    // Assert
    const zones = Object.values(Template.fromStack(stack).findResources('AWS::EC2::Subnet')).map(
      (subnet) => subnet.Properties.AvailabilityZone,
    );
    expect(zones).toEqual(['eu-west-1b', 'eu-west-1c']);
  });

  it('synthesizes with no lookup when the stack knows its zones', () => {
    // Arrange: how an app synthesizes offline for a real account without cdk.context.json
    class ZonedStack extends Stack {
      public override get availabilityZones(): string[] {
        return ['eu-west-1a', 'eu-west-1b', 'eu-west-1c'];
      }
    }
    const stack = new ZonedStack(testApp(), 'Zoned', { env: TEST_ENV });

    // Act
    networkIn(stack, { availabilityZones: ['eu-west-1b', 'eu-west-1c'] });

    // Assert
    expect(missingLookups(stack)).toEqual([]);
  });

  it('adds a gateway endpoint for S3 on the isolated route tables', () => {
    // Act
    const { template } = created();

    // Assert
    template.hasResourceProperties('AWS::EC2::VPCEndpoint', {
      VpcEndpointType: 'Gateway',
      ServiceName: { 'Fn::Join': ['', ['com.amazonaws.', { Ref: 'AWS::Region' }, '.s3']] },
      RouteTableIds: [
        { Ref: Match.stringLikeRegexp('IsolatedSubnet1RouteTable') },
        { Ref: Match.stringLikeRegexp('IsolatedSubnet2RouteTable') },
      ],
    });
  });

  it('adds private-DNS interface endpoints for Secrets Manager, KMS, Glue, Logs and Step Functions (no STS: nothing in the VPC calls it)', () => {
    // Act
    const { template } = created();

    // Assert
    const services = Object.values(
      template.findResources('AWS::EC2::VPCEndpoint', { Properties: { VpcEndpointType: 'Interface' } }),
    ).map((endpoint) => {
      expect(endpoint.Properties.PrivateDnsEnabled).toBe(true);
      return endpoint.Properties.ServiceName;
    });
    expect(services).toEqual([
      'com.amazonaws.eu-west-1.secretsmanager',
      'com.amazonaws.eu-west-1.kms',
      'com.amazonaws.eu-west-1.glue',
      'com.amazonaws.eu-west-1.logs',
      'com.amazonaws.eu-west-1.states',
    ]);
  });

  it('creates only the interface endpoints asked for', () => {
    // Act
    const { template } = created({ interfaceEndpoints: [ec2.InterfaceVpcEndpointAwsService.ATHENA] });

    // Assert
    template.resourceCountIs('AWS::EC2::VPCEndpoint', 2);
    template.hasResourceProperties('AWS::EC2::VPCEndpoint', {
      ServiceName: 'com.amazonaws.eu-west-1.athena',
    });
  });

  it('lets only HTTPS from the VPC range reach the endpoints', () => {
    // Act
    const { network, template } = created({ cidr: '10.20.0.0/16' });

    // Assert
    const sgId = Stack.of(network).resolve(network.endpointSecurityGroup?.securityGroupId);
    template.hasResourceProperties('AWS::EC2::SecurityGroup', {
      GroupDescription: 'Interface endpoints: HTTPS from inside the VPC',
      SecurityGroupIngress: [{ CidrIp: '10.20.0.0/16', IpProtocol: 'tcp', FromPort: 443, ToPort: 443 }],
    });
    const interfaceEndpoints = Object.values(
      template.findResources('AWS::EC2::VPCEndpoint', { Properties: { VpcEndpointType: 'Interface' } }),
    );
    expect(interfaceEndpoints.map((endpoint) => endpoint.Properties.SecurityGroupIds)).toEqual(
      Array(5).fill([sgId]),
    );
  });

  it('logs all traffic of the VPC to a log group kept for a year', () => {
    // Act
    const { template } = created();

    // Assert
    template.hasResourceProperties('AWS::EC2::FlowLog', {
      ResourceType: 'VPC',
      ResourceId: { Ref: Match.stringLikeRegexp('NetworkVpc') },
      TrafficType: 'ALL',
      LogDestinationType: 'cloud-watch-logs',
      LogGroupName: { Ref: Match.stringLikeRegexp('NetworkFlowLogGroup') },
    });
    template.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 365 });
  });

  it('encrypts the flow log group with the log key', () => {
    // Arrange
    const stack = testStack();
    const logEncryptionKey = new kms.Key(stack, 'LogKey');

    // Act
    new DataLakeNetwork(stack, 'Network', { logEncryptionKey });

    // Assert
    Template.fromStack(stack).hasResourceProperties('AWS::Logs::LogGroup', {
      KmsKeyId: stack.resolve(logEncryptionKey.keyArn),
      RetentionInDays: 365,
    });
  });

  it("looks up S3's prefix list by name at deploy time (ec2:DescribeManagedPrefixLists), allowed that action only", () => {
    // Act
    const { template } = created();

    // Assert
    const [lookup] = Object.values(template.findResources('Custom::AWS'));
    expect(JSON.stringify(lookup.Properties.Create)).toMatch(
      /"service\\":\\"EC2\\",\\"action\\":\\"DescribeManagedPrefixLists\\".*prefix-list-name.*com\.amazonaws\.eu-west-1\.s3/,
    );
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: [{ Action: 'ec2:DescribeManagedPrefixLists', Effect: 'Allow', Resource: '*' }],
      },
    });
  });

  it('lets a function send HTTPS only to the interface endpoints’ group and to S3’s prefix list', () => {
    // Arrange
    const stack = testStack();
    const network = networkIn(stack);
    const fn = closedFunction(stack, network);

    // Act
    network.allowAwsApisFrom(fn);

    // Assert
    const template = Template.fromStack(stack);
    const [group] = fn.connections.securityGroups.map((sg) => stack.resolve(sg.securityGroupId));
    template.hasResourceProperties('AWS::EC2::SecurityGroup', {
      GroupDescription: Match.stringLikeRegexp('Lambda Function'),
      SecurityGroupEgress: [
        {
          Description: 'AWS APIs: the interface endpoints',
          IpProtocol: 'tcp',
          FromPort: 443,
          ToPort: 443,
          DestinationSecurityGroupId: stack.resolve(network.endpointSecurityGroup.securityGroupId),
        },
      ],
    });
    // A prefix list known only at deploy time is a rule of its own.
    const separate = Object.values(template.findResources('AWS::EC2::SecurityGroupEgress'));
    expect(separate.map((rule) => rule.Properties)).toEqual([
      {
        Description: 'S3 through its gateway endpoint',
        GroupId: group,
        IpProtocol: 'tcp',
        FromPort: 443,
        ToPort: 443,
        DestinationPrefixListId: stack.resolve(network.s3PrefixListId),
      },
    ]);
  });

  it("gives every endpoint a policy for the lake's resources, to principals of its account", () => {
    // Arrange
    const stack = testStack();
    const network = networkIn(stack);
    const bucket = new s3.Bucket(stack, 'Bucket');

    // Act
    network.restrictEndpointsTo({
      buckets: [bucket],
      secretArns: ['arn:aws:secretsmanager:eu-west-1:123456789012:secret:reader-AbCdEf'],
      keys: [new kms.Key(stack, 'DataKey')],
      glueDatabaseNames: ['lake_shop'],
      stateMachineNames: ['lake-shop-replica'],
    });

    // Assert
    const template = Template.fromStack(stack);
    const policies = Object.values(template.findResources('AWS::EC2::VPCEndpoint')).map(
      (endpoint) => endpoint.Properties.PolicyDocument,
    );
    expect(policies).toHaveLength(6);
    template.hasResourceProperties('AWS::EC2::VPCEndpoint', {
      ServiceName: 'com.amazonaws.eu-west-1.secretsmanager',
      PolicyDocument: {
        Statement: [
          {
            Action: 'secretsmanager:*',
            Effect: 'Allow',
            Principal: { AWS: '*' },
            Resource: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:reader-AbCdEf',
            Condition: { StringEquals: { 'aws:PrincipalAccount': { Ref: 'AWS::AccountId' } } },
          },
        ],
      },
    });
    template.hasResourceProperties('AWS::EC2::VPCEndpoint', {
      ServiceName: 'com.amazonaws.eu-west-1.glue',
      PolicyDocument: {
        Statement: [
          Match.objectLike({
            Action: 'glue:*',
            Resource: ['catalog', 'database/lake_shop', 'table/lake_shop/*'].map((resource) =>
              stack.resolve(`arn:${Aws.PARTITION}:glue:eu-west-1:123456789012:${resource}`),
            ),
          }),
        ],
      },
    });
  });

  it('refuses to restrict an endpoint of a service it has no policy for, naming it', () => {
    // Arrange
    const stack = testStack();
    const network = networkIn(stack, { interfaceEndpoints: [ec2.InterfaceVpcEndpointAwsService.ATHENA] });

    // Act
    const act = () =>
      network.restrictEndpointsTo({
        buckets: [],
        secretArns: [],
        keys: [],
        glueDatabaseNames: [],
        stateMachineNames: [],
      });

    // Assert
    expect(act).toThrow(/interfaceEndpoints: got athena, which has no endpoint policy here/);
  });

  it('keeps flow log records as long as flowLogRetention says', () => {
    // Act
    const { template } = created({ flowLogRetention: logs.RetentionDays.THREE_MONTHS });

    // Assert
    template.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 90 });
  });

  it('selects the isolated subnets for functions and databases', () => {
    // Act
    const { network } = created();

    // Assert
    expect(network.vpc.selectSubnets(network.subnetSelection).subnets).toHaveLength(2);
    expect(network.subnetSelection).toEqual({ subnetType: ec2.SubnetType.PRIVATE_ISOLATED });
  });

  it('passes cdk-nag AwsSolutions with nothing left unacknowledged', () => {
    // Arrange
    const app = testApp();
    networkIn(new Stack(app, 'Nag', { env: TEST_ENV }));

    // Act
    const findings = nagFindings(app);

    // Assert
    expect(describeFindings(findings)).toEqual([]);
  });
});

describe('DataLakeNetwork, existing VPC', () => {
  it('creates nothing in a given VPC with its own endpoints but the S3 prefix-list lookup, and selects its isolated subnets', () => {
    // Arrange
    const stack = testStack();
    const vpc = DataLakeNetwork.importVpc(stack, 'Vpc', EXISTING);
    const endpointSecurityGroup = ec2.SecurityGroup.fromSecurityGroupId(
      stack,
      'Endpoints',
      EXISTING_ENDPOINTS_GROUP,
    );

    // Act
    const network = networkIn(stack, { vpc, endpointSecurityGroup });

    // Assert
    const types = Object.values(Template.fromStack(stack).toJSON().Resources ?? {}).map(
      (resource) => (resource as { Type: string }).Type,
    );
    expect(types.filter((type) => type.startsWith('AWS::EC2::'))).toEqual([]);
    expect(types).toContain('Custom::AWS');
    expect(network.vpc.vpcId).toBe('vpc-0a1b2c3d4e5f67890');
    expect(network.vpc.selectSubnets(network.subnetSelection).subnetIds).toEqual(EXISTING.subnetIds);
    expect(network.flowLog).toBeUndefined();
    expect(network.interfaceEndpoints).toEqual([]);
  });

  it("lets functions send HTTPS to the VPC's own endpoints' security group and S3's prefix list, nothing else", () => {
    // Arrange
    const stack = testStack();
    const vpc = DataLakeNetwork.importVpc(stack, 'Vpc', EXISTING);
    const endpointSecurityGroup = ec2.SecurityGroup.fromSecurityGroupId(
      stack,
      'Endpoints',
      EXISTING_ENDPOINTS_GROUP,
      {
        mutable: false,
      },
    );
    const network = networkIn(stack, { vpc, endpointSecurityGroup });
    const fn = closedFunction(stack, network);

    // Act
    network.allowAwsApisFrom(fn);

    // Assert
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::EC2::SecurityGroup', {
      SecurityGroupEgress: [
        Match.objectLike({
          IpProtocol: 'tcp',
          FromPort: 443,
          ToPort: 443,
          DestinationSecurityGroupId: EXISTING_ENDPOINTS_GROUP,
        }),
      ],
    });
    template.hasResourceProperties('AWS::EC2::SecurityGroupEgress', {
      IpProtocol: 'tcp',
      FromPort: 443,
      ToPort: 443,
      DestinationPrefixListId: stack.resolve(network.s3PrefixListId),
    });
    template.resourceCountIs('AWS::EC2::SecurityGroupIngress', 0);
  });

  it('requires the security group of the endpoints the lake does not create, and refuses it for endpoints it creates', () => {
    // Arrange
    const stack = testStack();
    const vpc = DataLakeNetwork.importVpc(stack, 'Vpc', {
      ...EXISTING,
      vpcCidrBlock: '10.0.0.0/16',
      routeTableIds: ['rtb-0123456789abcdef0', 'rtb-0123456789abcdef0'],
    });
    const endpointSecurityGroup = ec2.SecurityGroup.fromSecurityGroupId(
      stack,
      'Endpoints',
      EXISTING_ENDPOINTS_GROUP,
    );

    // Act
    const missing = () => networkIn(stack, { vpc });
    const needless = () => networkIn(testStack(), { endpointSecurityGroup });

    // Assert
    expect(missing).toThrow(
      /endpointSecurityGroup: got nothing for a VPC whose endpoints the lake does not create/,
    );
    expect(needless).toThrow(/endpointSecurityGroup: only applies to existing endpoints/);
  });

  it('imports a VPC offline: no context lookup is recorded', () => {
    // Arrange
    const stack = testStack();

    // Act
    DataLakeNetwork.importVpc(stack, 'Vpc', EXISTING);

    // Assert
    expect(missingLookups(stack)).toEqual([]);
  });

  it('refuses an import with fewer than two subnets or zones that do not match them', () => {
    // Arrange
    const stack = testStack();

    // Act
    const act = () =>
      DataLakeNetwork.importVpc(stack, 'Vpc', { ...EXISTING, subnetIds: ['subnet-0123456789abcdef0'] });

    // Assert
    expect(act).toThrow(InvalidPropsError);
    expect(act).toThrow(/subnetIds: got 1 subnet\(s\); an RDS subnet group needs at least 2/);
    expect(act).toThrow(/availabilityZones: got 2 zone\(s\) for 1 subnet\(s\)/);
  });

  it('refuses props that only apply to a new VPC, naming each', () => {
    // Arrange
    const stack = testStack();
    const vpc = DataLakeNetwork.importVpc(stack, 'Vpc', EXISTING);

    // Act
    const act = () => networkIn(stack, { vpc, maxAzs: 3, flowLogRetention: 30 });

    // Assert
    expect(act).toThrow(
      'Invalid props for Test/Network:\n' +
        '  maxAzs: only applies to a new VPC; remove it, or remove vpc\n' +
        '  flowLogRetention: only applies to a new VPC; remove it, or remove vpc',
    );
  });
});

describe('DataLakeNetwork validation', () => {
  it.each([1, 2.5])('refuses maxAzs %p, naming the prop and the value', (maxAzs) => {
    // Arrange
    const stack = testStack();

    // Act
    const act = () => networkIn(stack, { maxAzs });

    // Assert
    expect(act).toThrow(new RegExp(`maxAzs: got ${maxAzs}; must be a whole number of at least 2`));
  });

  it('refuses a single Availability Zone', () => {
    // Arrange
    const stack = testStack();

    // Act
    const act = () => networkIn(stack, { availabilityZones: ['eu-west-1a'] });

    // Assert
    expect(act).toThrow(/availabilityZones: got 1 zone\(s\); give at least 2/);
  });

  it('refuses maxAzs together with availabilityZones', () => {
    // Arrange
    const stack = testStack();

    // Act
    const act = () => networkIn(stack, { maxAzs: 2, availabilityZones: ['eu-west-1a', 'eu-west-1b'] });

    // Assert
    expect(act).toThrow(/maxAzs: give maxAzs or availabilityZones, not both/);
  });
});
