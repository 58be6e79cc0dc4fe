import { Stack, Stage } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as logs from 'aws-cdk-lib/aws-logs';
import { InvalidPropsError } from '../../../lib/core/errors';
import { DataLakeNetwork } from '../../../lib/infra/network/DataLakeNetwork';
import { describeFindings, nagFindings } from '../../helpers/nag';
import { TEST_ENV, testApp, testStack } from '../../helpers/testApp';

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

function created(props: ConstructorParameters<typeof DataLakeNetwork>[2] = {}): {
  network: DataLakeNetwork;
  template: Template;
} {
  const stack = testStack();
  const network = new DataLakeNetwork(stack, 'Network', props);
  return { network, template: Template.fromStack(stack) };
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
    new DataLakeNetwork(stack, 'Network');

    // Assert
    expect(missingLookups(stack)).toEqual(['availability-zones']);
  });

  it('uses the exact Availability Zones given, with no context lookup', () => {
    // Arrange
    const stack = testStack();

    // Act
    new DataLakeNetwork(stack, 'Network', { availabilityZones: ['eu-west-1b', 'eu-west-1c'] });

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
    new DataLakeNetwork(stack, 'Network', { availabilityZones: ['eu-west-1b', 'eu-west-1c'] });

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

  it('adds private-DNS interface endpoints for Secrets Manager, KMS, Glue, STS, Logs and Step Functions', () => {
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
      'com.amazonaws.eu-west-1.sts',
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
      Array(6).fill([sgId]),
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
    new DataLakeNetwork(new Stack(app, 'Nag', { env: TEST_ENV }), 'Network');

    // Act
    const findings = nagFindings(app);

    // Assert
    expect(describeFindings(findings)).toEqual([]);
  });
});

describe('DataLakeNetwork, existing VPC', () => {
  it('creates nothing in a given VPC and selects its isolated subnets', () => {
    // Arrange
    const stack = testStack();
    const vpc = DataLakeNetwork.importVpc(stack, 'Vpc', EXISTING);

    // Act
    const network = new DataLakeNetwork(stack, 'Network', { vpc });

    // Assert
    expect(Object.keys(Template.fromStack(stack).toJSON().Resources ?? {})).toEqual([]);
    expect(network.vpc.vpcId).toBe('vpc-0a1b2c3d4e5f67890');
    expect(network.vpc.selectSubnets(network.subnetSelection).subnetIds).toEqual(EXISTING.subnetIds);
    expect(network.flowLog).toBeUndefined();
    expect(network.interfaceEndpoints).toEqual([]);
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
    const act = () => new DataLakeNetwork(stack, 'Network', { vpc, maxAzs: 3, flowLogRetention: 30 });

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
    const act = () => new DataLakeNetwork(stack, 'Network', { maxAzs });

    // Assert
    expect(act).toThrow(new RegExp(`maxAzs: got ${maxAzs}; must be a whole number of at least 2`));
  });

  it('refuses a single Availability Zone', () => {
    // Arrange
    const stack = testStack();

    // Act
    const act = () => new DataLakeNetwork(stack, 'Network', { availabilityZones: ['eu-west-1a'] });

    // Assert
    expect(act).toThrow(/availabilityZones: got 1 zone\(s\); give at least 2/);
  });

  it('refuses maxAzs together with availabilityZones', () => {
    // Arrange
    const stack = testStack();

    // Act
    const act = () =>
      new DataLakeNetwork(stack, 'Network', { maxAzs: 2, availabilityZones: ['eu-west-1a', 'eu-west-1b'] });

    // Assert
    expect(act).toThrow(/maxAzs: give maxAzs or availabilityZones, not both/);
  });
});
