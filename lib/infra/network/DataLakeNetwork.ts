import { RemovalPolicy, Token, Validations } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { type ConfigIssue, InvalidPropsError } from '../../core/errors';
import { endpointStatement, type LakeEndpointResources } from './endpointPolicies';
import { lookupS3PrefixListId } from './lookupS3PrefixListId';

/**
 * The AWS APIs the pipeline's functions call from inside the VPC, reached through
 * interface endpoints because the subnets have no route to the internet.
 * S3 is not here: it gets a (free) gateway endpoint. No STS: the functions take their role's
 * credentials from the Lambda environment, and the Kafka clients sign their MSK IAM token
 * themselves (`signMskIamToken`), so nothing in the VPC calls STS.
 */
export const DEFAULT_INTERFACE_ENDPOINTS: readonly ec2.InterfaceVpcEndpointAwsService[] = [
  ec2.InterfaceVpcEndpointAwsService.SECRETS_MANAGER,
  ec2.InterfaceVpcEndpointAwsService.KMS,
  ec2.InterfaceVpcEndpointAwsService.GLUE,
  ec2.InterfaceVpcEndpointAwsService.CLOUDWATCH_LOGS,
  ec2.InterfaceVpcEndpointAwsService.STEP_FUNCTIONS,
];

/** HTTPS: the port of every AWS API endpoint, interface and S3 alike. */
const HTTPS = ec2.Port.tcp(443);

/** An RDS DB subnet group must span at least two Availability Zones. */
const MIN_AZS = 2;

/** Ids of an existing VPC and the private subnets the lake's databases and functions use. */
export interface ExistingVpcAttributes {
  /** The VPC id, e.g. `vpc-0a1b2c3d4e5f67890`. */
  readonly vpcId: string;
  /** The VPC's IPv4 CIDR block; needed by rules that name the VPC's range. */
  readonly vpcCidrBlock?: string;
  /** The Availability Zones of `subnetIds`, in the same order (one subnet per zone). */
  readonly availabilityZones: string[];
  /** Private subnet ids, one per Availability Zone, at least two. */
  readonly subnetIds: string[];
  /**
   * The route table of each of `subnetIds`, in the same order (repeat one shared by several);
   * needed to add the S3 gateway endpoint to an imported VPC.
   */
  readonly routeTableIds?: string[];
}

/** Props of {@link DataLakeNetwork}. */
export interface DataLakeNetworkProps {
  /** The key the flow log group and the S3 prefix-list lookup's log group are encrypted with. */
  readonly logEncryptionKey: kms.IKey;

  /**
   * An existing VPC to place the lake in. No flow log is created in it (its owner manages
   * that), and endpoints only with `createEndpoints`. Import one offline with
   * {@link DataLakeNetwork.importVpc}; `ec2.Vpc.fromLookup` also works but needs AWS
   * credentials (or a committed `cdk.context.json`) at synth time.
   *
   * @default - a new VPC with isolated subnets, VPC endpoints and a flow log
   */
  readonly vpc?: ec2.IVpc;

  /**
   * Whether to add the S3 gateway endpoint and the interface endpoints to the VPC. The
   * lake's functions in the VPC have no route to the internet, so each AWS API they call
   * needs an endpoint. For a given `vpc` the lake needs its CIDR block (for the endpoints'
   * security group) and its subnets' route tables (for the S3 gateway endpoint), as
   * {@link DataLakeNetwork.importVpc} takes them; leave it off only when the VPC already
   * has these endpoints or a NAT route.
   *
   * @default - true for a new VPC; false for a given `vpc`
   */
  readonly createEndpoints?: boolean;

  /**
   * The security group of the VPC's own interface endpoints, when the lake creates none (`vpc`
   * without `createEndpoints`): {@link DataLakeNetwork.allowAwsApisFrom} lets functions send
   * HTTPS to it and nowhere else. The group must admit HTTPS from them (or from the VPC's range).
   *
   * @default - none; required with `vpc` and without `createEndpoints`, refused otherwise
   */
  readonly endpointSecurityGroup?: ec2.ISecurityGroup;

  /**
   * Which subnets of the VPC the databases and functions go in.
   *
   * @default - the isolated subnets (`ec2.SubnetType.PRIVATE_ISOLATED`)
   */
  readonly subnetSelection?: ec2.SubnetSelection;

  /**
   * How many Availability Zones a new VPC spans. Only for a new VPC.
   *
   * @default 2
   */
  readonly maxAzs?: number;

  /**
   * The exact Availability Zones of a new VPC. Only for a new VPC; excludes `maxAzs`.
   * aws-cdk-lib checks them against the stack's zones, so a synth with no credentials
   * still needs a stack that knows its zones (a committed `cdk.context.json`, or a
   * stack that overrides `availabilityZones`).
   *
   * @default - `maxAzs` zones of the stack's region, from context
   */
  readonly availabilityZones?: string[];

  /**
   * The IPv4 range of a new VPC. Only for a new VPC.
   *
   * @default '10.0.0.0/16'
   */
  readonly cidr?: string;

  /**
   * Interface endpoints, in the selected subnets, with private DNS so the AWS SDK's
   * default endpoints resolve to them. Each costs an hourly fee per Availability Zone.
   * Only when endpoints are created.
   *
   * @default DEFAULT_INTERFACE_ENDPOINTS (Secrets Manager, KMS, Glue, CloudWatch Logs, Step Functions)
   */
  readonly interfaceEndpoints?: readonly ec2.InterfaceVpcEndpointAwsService[];

  /**
   * How long the flow log of a new VPC keeps its records. Only for a new VPC.
   *
   * @default logs.RetentionDays.ONE_YEAR
   */
  readonly flowLogRetention?: logs.RetentionDays;

  /**
   * What happens to the flow log group of a new VPC, and to the S3 prefix-list lookup's log
   * group, when they leave the stack.
   *
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;
}

/**
 * The network the lake's databases and functions run in.
 *
 * By default it creates a VPC with only isolated subnets (no NAT gateway, no
 * internet gateway, so no NAT cost and no route out), a gateway endpoint for S3,
 * interface endpoints for the other AWS APIs the pipeline calls, and a flow log of
 * all traffic to CloudWatch Logs, encrypted. Given `vpc`, it uses that VPC as is.
 *
 * The lake's functions in the VPC send nothing by default; {@link allowAwsApisFrom}
 * opens HTTPS to the interface endpoints' security group and to S3's prefix list (looked up at
 * deploy time), and {@link restrictEndpointsTo} gives the endpoints the lake created policies
 * that allow only the lake's resources.
 *
 * @example
 * ```ts
 * const network = new DataLakeNetwork(this, 'Network', { logEncryptionKey: storage.operationsKey });
 * const extract = new lambda.Function(this, 'Extract', { vpc: network.vpc, vpcSubnets: network.subnetSelection, allowAllOutbound: false, ... });
 * network.allowAwsApisFrom(extract);
 *
 * // or, in an existing VPC, offline:
 * const vpc = DataLakeNetwork.importVpc(this, 'Vpc', {
 *   vpcId: 'vpc-0a1b2c3d4e5f67890',
 *   availabilityZones: ['eu-west-1a', 'eu-west-1b'],
 *   subnetIds: ['subnet-0123456789abcdef0', 'subnet-0fedcba9876543210'],
 * });
 * const endpointSecurityGroup = ec2.SecurityGroup.fromSecurityGroupId(this, 'Endpoints', 'sg-0123456789abcdef0', { mutable: false });
 * new DataLakeNetwork(this, 'Network', { vpc, endpointSecurityGroup, logEncryptionKey });
 * ```
 */
export class DataLakeNetwork extends Construct {
  /**
   * Imports an existing VPC from explicit ids, with no AWS call: synth works offline
   * and without credentials. The subnets are treated as isolated, which is what the
   * default {@link DataLakeNetworkProps.subnetSelection} selects.
   *
   * @example
   * ```ts
   * const vpc = DataLakeNetwork.importVpc(this, 'Vpc', {
   *   vpcId: 'vpc-0a1b2c3d4e5f67890',
   *   availabilityZones: ['eu-west-1a', 'eu-west-1b'],
   *   subnetIds: ['subnet-0123456789abcdef0', 'subnet-0fedcba9876543210'],
   * });
   * ```
   */
  public static importVpc(scope: Construct, id: string, attrs: ExistingVpcAttributes): ec2.IVpc {
    const issues: ConfigIssue[] = [];
    if (attrs.routeTableIds !== undefined && attrs.routeTableIds.length !== attrs.subnetIds.length) {
      issues.push({
        path: 'routeTableIds',
        message: `got ${attrs.routeTableIds.length} route table(s) for ${attrs.subnetIds.length} subnet(s); give the route table of each subnet, in the same order`,
      });
    }
    if (attrs.subnetIds.length < MIN_AZS) {
      issues.push({
        path: 'subnetIds',
        message: `got ${attrs.subnetIds.length} subnet(s); an RDS subnet group needs at least ${MIN_AZS}, one per Availability Zone`,
      });
    }
    if (attrs.subnetIds.length !== attrs.availabilityZones.length) {
      issues.push({
        path: 'availabilityZones',
        message: `got ${attrs.availabilityZones.length} zone(s) for ${attrs.subnetIds.length} subnet(s); give one zone per subnet, in the same order`,
      });
    }
    if (issues.length > 0) throw new InvalidPropsError(`${scope.node.path}/${id}`, issues);
    return ec2.Vpc.fromVpcAttributes(scope, id, {
      vpcId: attrs.vpcId,
      vpcCidrBlock: attrs.vpcCidrBlock,
      availabilityZones: attrs.availabilityZones,
      isolatedSubnetIds: attrs.subnetIds,
      isolatedSubnetRouteTableIds: attrs.routeTableIds,
    });
  }

  /** The VPC, created or given. */
  public readonly vpc: ec2.IVpc;
  /** The subnets for the lake's databases and VPC functions. */
  public readonly subnetSelection: ec2.SubnetSelection;
  /** The interface endpoints created; empty when none are. */
  public readonly interfaceEndpoints: readonly ec2.InterfaceVpcEndpoint[];
  /** The S3 gateway endpoint; undefined when no endpoints are created. */
  public readonly s3Endpoint?: ec2.GatewayVpcEndpoint;
  /**
   * The security group of the interface endpoints: the created one (HTTPS from the VPC's range),
   * or the given {@link DataLakeNetworkProps.endpointSecurityGroup}.
   */
  public readonly endpointSecurityGroup: ec2.ISecurityGroup;
  /** The id of the region's S3 prefix list (a deploy-time token): security groups reach S3's gateway endpoint through it. */
  public readonly s3PrefixListId: string;
  /** The flow log of a new VPC; undefined for a given VPC. */
  public readonly flowLog?: ec2.FlowLog;

  /** The endpoints created here, with their service's endpoint short name (e.g. `kms`). */
  private readonly endpointServices = new Map<ec2.GatewayVpcEndpoint | ec2.InterfaceVpcEndpoint, string>();

  public constructor(scope: Construct, id: string, props: DataLakeNetworkProps) {
    super(scope, id);
    validateProps(this.node.path, props);
    this.subnetSelection = props.subnetSelection ?? { subnetType: ec2.SubnetType.PRIVATE_ISOLATED };
    const removalPolicy = props.removalPolicy ?? RemovalPolicy.RETAIN;
    this.s3PrefixListId = lookupS3PrefixListId(this, 'S3PrefixList', {
      logEncryptionKey: props.logEncryptionKey,
      logRetention: logs.RetentionDays.THREE_MONTHS,
      removalPolicy,
    });

    if (props.vpc) {
      this.vpc = props.vpc;
      if (!props.createEndpoints) {
        // validateProps requires the group when no endpoints are created.
        this.endpointSecurityGroup = props.endpointSecurityGroup as ec2.ISecurityGroup;
        this.interfaceEndpoints = [];
        return;
      }
      const endpoints = this.addEndpoints(props.vpc, props.vpc.vpcCidrBlock, props.interfaceEndpoints);
      this.s3Endpoint = endpoints.s3;
      this.endpointSecurityGroup = endpoints.securityGroup;
      this.interfaceEndpoints = endpoints.interfaces;
      return;
    }

    const cidr = props.cidr ?? '10.0.0.0/16';
    const vpc = new ec2.Vpc(this, 'Vpc', {
      ipAddresses: ec2.IpAddresses.cidr(cidr),
      maxAzs: props.availabilityZones ? undefined : (props.maxAzs ?? MIN_AZS),
      availabilityZones: props.availabilityZones,
      natGateways: 0,
      subnetConfiguration: [{ name: 'Isolated', subnetType: ec2.SubnetType.PRIVATE_ISOLATED, cidrMask: 22 }],
      // Set here, not left to the app's feature flag: the default security group must allow nothing.
      restrictDefaultSecurityGroup: true,
    });
    this.vpc = vpc;
    Validations.of(vpc).acknowledge({
      id: 'CloudFormation-Validate::W3010',
      reason:
        'In a concrete account and region the VPC places its subnets in the zones CDK looked up for it (cdk.context.json); naming them is how ec2.Vpc spreads subnets over maxAzs.',
    });
    // The literal CIDR, not the VPC's CidrBlock attribute, so the rule is checkable at synth.
    const endpoints = this.addEndpoints(vpc, cidr, props.interfaceEndpoints);
    this.s3Endpoint = endpoints.s3;
    this.endpointSecurityGroup = endpoints.securityGroup;
    this.interfaceEndpoints = endpoints.interfaces;

    this.flowLog = vpc.addFlowLog('FlowLog', {
      destination: ec2.FlowLogDestination.toCloudWatchLogs(
        new logs.LogGroup(this, 'FlowLogGroup', {
          retention: props.flowLogRetention ?? logs.RetentionDays.ONE_YEAR,
          encryptionKey: props.logEncryptionKey,
          removalPolicy,
        }),
      ),
      trafficType: ec2.FlowLogTrafficType.ALL,
    });
  }

  /**
   * Lets `peers` (functions in the VPC, whose security groups send nothing by default) send HTTPS
   * to the AWS APIs and nowhere else: to the interface endpoints' security group, and to S3's
   * prefix list, which routes to the S3 gateway endpoint ("Gateway endpoints for Amazon S3": the
   * instances' security groups must allow traffic to S3, naming its prefix list). Only egress is
   * added: the endpoints' group admits the VPC's range (or, given, is its owner's to open).
   */
  public allowAwsApisFrom(...peers: ec2.IConnectable[]): void {
    const targets: [ec2.IPeer, string][] = [
      [
        ec2.Peer.securityGroupId(this.endpointSecurityGroup.securityGroupId),
        'AWS APIs: the interface endpoints',
      ],
      [ec2.Peer.prefixList(this.s3PrefixListId), 'S3 through its gateway endpoint'],
    ];
    for (const peer of peers) {
      for (const [target, description] of targets) peer.connections.allowTo(target, HTTPS, description);
    }
  }

  /**
   * Gives the S3 gateway endpoint and every interface endpoint this construct created a policy
   * that allows only the lake's resources (see {@link endpointStatement}); without one an
   * endpoint allows any request. Endpoints the VPC already had are their owner's to restrict.
   *
   * @throws InvalidPropsError for an interface endpoint of a service the lake has no policy for
   */
  public restrictEndpointsTo(resources: LakeEndpointResources): void {
    const unknown: ConfigIssue[] = [];
    for (const [endpoint, service] of this.endpointServices) {
      const statement = endpointStatement(this, service, resources);
      if (statement === undefined) {
        unknown.push({
          path: 'interfaceEndpoints',
          message: `got ${service}, which has no endpoint policy here; allowed: s3, secretsmanager, kms, glue, sts, logs, states`,
        });
        continue;
      }
      endpoint.addToPolicy(statement);
    }
    if (unknown.length > 0) throw new InvalidPropsError(this.node.path, unknown);
  }

  private addEndpoints(
    vpc: ec2.IVpc,
    cidr: string,
    services: readonly ec2.InterfaceVpcEndpointAwsService[] = DEFAULT_INTERFACE_ENDPOINTS,
  ): CreatedEndpoints {
    const s3 = vpc.addGatewayEndpoint('S3', {
      service: ec2.GatewayVpcEndpointAwsService.S3,
      subnets: [this.subnetSelection],
    });
    const securityGroup = new ec2.SecurityGroup(this, 'EndpointSecurityGroup', {
      vpc,
      description: 'Interface endpoints: HTTPS from inside the VPC',
      allowAllOutbound: false,
    });
    securityGroup.addIngressRule(ec2.Peer.ipv4(cidr), ec2.Port.tcp(443), 'HTTPS from the VPC');
    this.endpointServices.set(s3, 's3');
    const interfaces = services.map((service) => {
      const endpoint = vpc.addInterfaceEndpoint(endpointId(service), {
        service,
        subnets: this.subnetSelection,
        securityGroups: [securityGroup],
        open: false,
      });
      this.endpointServices.set(endpoint, service.shortName);
      return endpoint;
    });
    return { s3, securityGroup, interfaces };
  }
}

/** The S3 gateway endpoint, and the interface endpoints behind one security group that admits HTTPS from `cidr`. */
interface CreatedEndpoints {
  readonly s3: ec2.GatewayVpcEndpoint;
  readonly securityGroup: ec2.SecurityGroup;
  readonly interfaces: readonly ec2.InterfaceVpcEndpoint[];
}

/** A stable construct id from an endpoint's service name, e.g. `com.amazonaws.eu-west-1.kms` → `Kms`. */
function endpointId(service: ec2.InterfaceVpcEndpointAwsService): string {
  return service.shortName
    .split(/[^a-zA-Z0-9]+/)
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('');
}

function validateProps(constructPath: string, props: DataLakeNetworkProps): void {
  const issues: ConfigIssue[] = [];
  if (props.vpc) {
    const createOnly = ['maxAzs', 'availabilityZones', 'cidr', 'flowLogRetention'] as const;
    for (const key of createOnly) {
      if (props[key] !== undefined) {
        issues.push({ path: key, message: 'only applies to a new VPC; remove it, or remove vpc' });
      }
    }
  }
  if (props.interfaceEndpoints !== undefined && props.vpc !== undefined && !props.createEndpoints) {
    issues.push({
      path: 'interfaceEndpoints',
      message: 'only applies when endpoints are created; set createEndpoints, or remove interfaceEndpoints',
    });
  }
  const createsEndpoints = props.vpc === undefined || props.createEndpoints === true;
  if (!createsEndpoints && props.endpointSecurityGroup === undefined) {
    issues.push({
      path: 'endpointSecurityGroup',
      message:
        "got nothing for a VPC whose endpoints the lake does not create; give the existing interface endpoints' security group, or set createEndpoints",
    });
  }
  if (createsEndpoints && props.endpointSecurityGroup !== undefined) {
    issues.push({
      path: 'endpointSecurityGroup',
      message: 'only applies to existing endpoints; remove it, or give vpc without createEndpoints',
    });
  }
  if (props.vpc === undefined && props.createEndpoints === false) {
    issues.push({
      path: 'createEndpoints',
      message: 'got false for a new VPC; its isolated subnets reach AWS only through the endpoints',
    });
  }
  if (props.maxAzs !== undefined && props.availabilityZones !== undefined) {
    issues.push({ path: 'maxAzs', message: 'give maxAzs or availabilityZones, not both' });
  }
  if (
    props.maxAzs !== undefined &&
    !Token.isUnresolved(props.maxAzs) &&
    (!Number.isInteger(props.maxAzs) || props.maxAzs < MIN_AZS)
  ) {
    issues.push({
      path: 'maxAzs',
      message: `got ${props.maxAzs}; must be a whole number of at least ${MIN_AZS} (an RDS subnet group spans two zones)`,
    });
  }
  if (props.availabilityZones !== undefined && props.availabilityZones.length < MIN_AZS) {
    issues.push({
      path: 'availabilityZones',
      message: `got ${props.availabilityZones.length} zone(s); give at least ${MIN_AZS} (an RDS subnet group spans two zones)`,
    });
  }
  if (issues.length > 0) throw new InvalidPropsError(constructPath, issues);
}
