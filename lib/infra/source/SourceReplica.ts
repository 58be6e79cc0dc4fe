import { ArnFormat, type Duration, RemovalPolicy, Stack, Token, Validations } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as rds from 'aws-cdk-lib/aws-rds';
import { Construct } from 'constructs';
import { InvalidPropsError } from '../../core/errors';
import { customEndpointName, customEndpointPrefix } from '../../core/naming';
import { SOURCE_ENGINES, type SourceEngine } from './sourceEngine';
import { validateSourceReplicaProps } from './validateSourceReplicaProps';

/**
 * Aurora's lowest failover priority (tiers 0-15, "Fault tolerance for an Aurora DB cluster"): an
 * analytics reader is the last instance to become the writer.
 */
export const LAST_PROMOTION_TIER = 15;

/** Props of {@link SourceReplica}. Give exactly one of `primaryInstanceIdentifier` or `primaryClusterIdentifier`. */
export interface SourceReplicaProps {
  /** The source's engine; decides the default port, the Aurora engine name and the exported logs. */
  readonly engine: SourceEngine;

  /**
   * The existing RDS DB instance to replicate; the construct creates `count` RDS
   * read replicas of it.
   *
   * @default - none; then `primaryClusterIdentifier` is required
   */
  readonly primaryInstanceIdentifier?: string;

  /**
   * The existing Aurora DB cluster to add `count` reader instances to.
   *
   * @default - none; then `primaryInstanceIdentifier` is required
   */
  readonly primaryClusterIdentifier?: string;

  /**
   * The Aurora cluster's security group. Aurora applies security groups to the whole
   * cluster, so {@link SourceReplica.allowConnectionsFrom} opens the port on this
   * group. Required with `primaryClusterIdentifier`, not allowed otherwise.
   *
   * @default - none (instance replicas get a security group of their own)
   */
  readonly clusterSecurityGroupId?: string;

  /**
   * The Aurora cluster's resource id (`cluster-…`, not its name), needed by
   * {@link SourceReplica.grantConnect} for IAM database authentication, which Aurora
   * configures per cluster. Only with `primaryClusterIdentifier`.
   *
   * @default - none; grantConnect on Aurora readers throws
   */
  readonly clusterResourceId?: string;

  /**
   * The start of the identifiers of the two Aurora custom endpoints this construct creates:
   * `<prefix>-analytics` (the analytics readers) and `<prefix>-product` (every other instance).
   * Custom endpoint names are unique per region across clusters, so give something unique, e.g.
   * the lake and source names. Lower-case letters, digits and single `-`, at most 53 characters.
   * Only with `primaryClusterIdentifier`.
   *
   * @default - the cluster identifier, made valid with {@link customEndpointPrefix}
   */
  readonly customEndpointPrefix?: string;

  /**
   * The VPC of the instance replicas' subnet group and security group. Required with
   * `primaryInstanceIdentifier`; unused for Aurora readers, which live in the cluster's
   * own subnet group.
   *
   * @default - none
   */
  readonly vpc?: ec2.IVpc;

  /**
   * The subnets of the instance replicas' subnet group; at least two Availability Zones.
   *
   * @default - the VPC's isolated subnets
   */
  readonly vpcSubnets?: ec2.SubnetSelection;

  /**
   * How many replicas to create: 1 to 5 RDS read replicas, or 1 to 15 Aurora readers.
   *
   * @default 1
   */
  readonly count?: number;

  /**
   * The replicas' instance class.
   *
   * @default ec2.InstanceType.of(ec2.InstanceClass.BURSTABLE4_GRAVITON, ec2.InstanceSize.MEDIUM) (db.t4g.medium)
   */
  readonly instanceType?: ec2.InstanceType;

  /**
   * The port the replicas listen on and the pipeline connects to. Aurora readers use
   * the cluster's port, so for them this must match the cluster.
   *
   * @default - the engine's default: 3306 for mysql, 5432 for postgres
   */
  readonly port?: number;

  /**
   * The enhanced monitoring interval: 1, 5, 10, 15, 30 or 60 seconds, or 0 to turn
   * enhanced monitoring off (then no monitoring role is created).
   *
   * @default Duration.seconds(60)
   */
  readonly monitoringInterval?: Duration;

  /**
   * Whether Performance Insights is on.
   *
   * @default true
   */
  readonly enablePerformanceInsights?: boolean;

  /**
   * The key that encrypts Performance Insights data.
   *
   * @default - the AWS managed key `aws/rds`
   */
  readonly performanceInsightsEncryptionKey?: kms.IKey;

  /**
   * Whether instance replicas are protected from deletion. Aurora instances have no
   * such setting (deletion protection belongs to the cluster), so this is ignored for
   * them.
   *
   * @default true
   */
  readonly deletionProtection?: boolean;

  /**
   * What happens to an instance replica that leaves the stack (a lower `count`, or the stack
   * deleted): RETAIN keeps it running, outside the stack; DESTROY deletes it, which
   * `deletionProtection` refuses until it is turned off. Aurora readers are always deleted: they
   * hold no data (the cluster volume does), and a kept one would go on serving the cluster's
   * reader endpoint and join the product endpoint.
   *
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;
}

/**
 * The dedicated analytics read replica(s) of one source database, so the pipeline
 * never queries the production primary.
 *
 * - An RDS instance primary gets `count` RDS read replicas in the given VPC subnets,
 *   behind a security group of their own that lets nothing in until
 *   {@link allowConnectionsFrom}. Storage encryption and the engine version are
 *   inherited from the primary; IAM database authentication is on.
 * - An Aurora cluster primary gets `count` reader instances. Aurora applies the
 *   subnet group, security groups, IAM authentication and log exports per cluster,
 *   so this construct cannot set them: {@link allowConnectionsFrom} adds ingress to
 *   the cluster's security group (given as `clusterSecurityGroupId`), which also
 *   opens the writer and any other reader to that peer. The readers get the lowest
 *   failover priority (tier 15), so a failover promotes them last. Two custom endpoints
 *   keep the two workloads apart: {@link analyticsEndpoint} (type READER, static
 *   members: the analytics readers), the one the pipeline connects to, and
 *   {@link productEndpoint} (type ANY, every instance but the analytics readers), the
 *   one the product should read through instead of the cluster's reader endpoint,
 *   which Aurora balances over every reader, the analytics ones included.
 *
 * Replicas have enhanced monitoring, Performance Insights, automatic minor version
 * upgrades and no public address.
 *
 * @example
 * ```ts
 * const replica = new SourceReplica(this, 'Replica', {
 *   engine: 'mysql',
 *   primaryInstanceIdentifier: 'marketplace-prod',
 *   vpc: network.vpc,
 *   vpcSubnets: network.subnetSelection,
 * });
 * replica.allowConnectionsFrom(extractFunction);
 * replica.grantConnect(extractFunction, 'lake_reader');
 * ```
 */
export class SourceReplica extends Construct implements ec2.IConnectable {
  /** The source's engine. */
  public readonly engine: SourceEngine;
  /** The port the pipeline connects to. */
  public readonly port: number;
  /** ARN of the primary (`…:db:<id>` or `…:cluster:<id>`): the source of snapshots for the export path. */
  public readonly primaryArn: string;
  /** The replica DB instances, in order. */
  public readonly instances: readonly rds.CfnDBInstance[];
  /** Address and port of each replica instance, in the order of {@link instances}. */
  public readonly endpoints: readonly rds.Endpoint[];
  /**
   * The hosts the pipeline connects to: each instance replica's address, or the Aurora
   * {@link analyticsEndpoint}'s address (Aurora spreads the connections over the analytics readers).
   */
  public readonly pipelineHosts: readonly string[];
  /**
   * Aurora only: the analytics readers' DB instance identifiers, in the order of {@link instances}:
   * the rows of Aurora's replica status the lag check reads.
   */
  public readonly auroraInstanceIdentifiers?: readonly string[];
  /** Aurora only: the custom READER endpoint whose static members are the analytics readers. */
  public readonly analyticsEndpoint?: rds.CfnDBClusterEndpoint;
  /** Aurora only: the custom ANY endpoint of every instance but the analytics readers, for the product. */
  public readonly productEndpoint?: rds.CfnDBClusterEndpoint;
  /**
   * The security group that guards the replicas: a dedicated one with no ingress for
   * instance replicas, the cluster's (imported) for Aurora readers.
   */
  public readonly securityGroup: ec2.ISecurityGroup;
  /** The replicas' network access, on {@link port}. */
  public readonly connections: ec2.Connections;
  /** The role enhanced monitoring publishes with; undefined when monitoring is off. */
  public readonly monitoringRole?: iam.IRole;
  /** The instance replicas' subnet group; undefined for Aurora readers. */
  public readonly subnetGroup?: rds.ISubnetGroup;

  private readonly clusterResourceId?: string;
  private readonly admitted: ec2.IConnectable[] = [];

  public constructor(scope: Construct, id: string, props: SourceReplicaProps) {
    super(scope, id);
    const primary = validateSourceReplicaProps(this.node.path, props);
    const facts = SOURCE_ENGINES[props.engine];
    this.engine = props.engine;
    this.port = props.port ?? facts.defaultPort;
    this.clusterResourceId = props.clusterResourceId;

    const monitoringSeconds = props.monitoringInterval?.toSeconds() ?? 60;
    this.monitoringRole = monitoringSeconds > 0 ? this.createMonitoringRole() : undefined;
    const common = commonInstanceProps(props, monitoringSeconds, this.monitoringRole);
    let instanceProps: rds.CfnDBInstanceProps;
    if (primary.kind === 'cluster') {
      this.primaryArn = this.rdsArn('cluster', primary.identifier);
      this.securityGroup = ec2.SecurityGroup.fromSecurityGroupId(
        this,
        'ClusterSecurityGroup',
        primary.securityGroupId,
        { mutable: true },
      );
      instanceProps = {
        ...common,
        dbClusterIdentifier: primary.identifier,
        engine: facts.auroraEngine,
        promotionTier: LAST_PROMOTION_TIER,
      };
    } else {
      const vpc = primary.vpc;
      this.primaryArn = this.rdsArn('db', primary.identifier);
      const securityGroup = new ec2.SecurityGroup(this, 'SecurityGroup', {
        vpc,
        description: 'Analytics read replicas: no ingress until allowConnectionsFrom',
        allowAllOutbound: false,
      });
      const subnetGroup = new rds.SubnetGroup(this, 'SubnetGroup', {
        vpc,
        vpcSubnets: props.vpcSubnets ?? { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
        description: 'Analytics read replicas',
      });
      this.securityGroup = securityGroup;
      this.subnetGroup = subnetGroup;
      instanceProps = {
        ...common,
        // The ARN, as aws-cdk-lib's own read replica passes it; no StorageEncrypted or
        // KmsKeyId: a same-region replica inherits both and CloudFormation rejects them.
        sourceDbInstanceIdentifier: this.primaryArn,
        dbSubnetGroupName: subnetGroup.subnetGroupName,
        // Set explicitly: a replica that inherits them loses them on the next stack update.
        vpcSecurityGroups: [securityGroup.securityGroupId],
        port: String(this.port),
        deletionProtection: props.deletionProtection ?? true,
        enableIamDatabaseAuthentication: true,
        enableCloudwatchLogsExports: [...facts.cloudwatchLogsExports],
      };
    }
    this.connections = new ec2.Connections({
      securityGroups: [this.securityGroup],
      defaultPort: ec2.Port.tcp(this.port),
    });

    // Ids Replica1..N: a lower count removes the last ones and leaves the others untouched.
    const removalPolicy =
      primary.kind === 'cluster' ? RemovalPolicy.DESTROY : (props.removalPolicy ?? RemovalPolicy.RETAIN);
    this.instances = Array.from({ length: props.count ?? 1 }, (_, index) => {
      const instance = new rds.CfnDBInstance(this, `Replica${index + 1}`, instanceProps);
      instance.applyRemovalPolicy(removalPolicy);
      if (primary.kind === 'instance') acknowledgeReplicaFindings(instance);
      return instance;
    });
    this.endpoints = this.instances.map(
      (instance) => new rds.Endpoint(instance.attrEndpointAddress, Token.asNumber(instance.attrEndpointPort)),
    );
    if (primary.kind === 'cluster') {
      // `Ref` of a DB instance is its identifier, what custom endpoint members are named by.
      const identifiers = this.instances.map((instance) => instance.ref);
      const prefix = props.customEndpointPrefix ?? customEndpointPrefix(primary.identifier);
      this.auroraInstanceIdentifiers = identifiers;
      this.analyticsEndpoint = new rds.CfnDBClusterEndpoint(this, 'AnalyticsEndpoint', {
        dbClusterIdentifier: primary.identifier,
        dbClusterEndpointIdentifier: customEndpointName(prefix, 'analytics'),
        // READER: Aurora drops a member a failover makes the writer, so the pipeline never reads it.
        customEndpointType: 'READER',
        staticMembers: identifiers,
      });
      this.productEndpoint = new rds.CfnDBClusterEndpoint(this, 'ProductEndpoint', {
        dbClusterIdentifier: primary.identifier,
        dbClusterEndpointIdentifier: customEndpointName(prefix, 'product'),
        // ANY: never empty, even in a cluster whose only other instance is the writer.
        customEndpointType: 'ANY',
        excludedMembers: identifiers,
      });
      this.pipelineHosts = [this.analyticsEndpoint.attrEndpoint];
    } else {
      this.pipelineHosts = this.endpoints.map((endpoint) => endpoint.hostname);
    }
  }

  /**
   * Lets `peer` (the pipeline's functions) connect to the replicas on {@link port}.
   * For Aurora readers this opens the port on the whole cluster's security group.
   *
   * @param peer e.g. a Lambda function in the lake's VPC
   */
  public allowConnectionsFrom(peer: ec2.IConnectable): void {
    this.connections.allowDefaultPortFrom(peer, `Pipeline to the ${this.engine} replica`);
    this.admitted.push(peer);
  }

  /**
   * The peers admitted so far with {@link allowConnectionsFrom}: the functions that read the
   * replicas (and so the credentials secret, through the VPC's endpoints).
   */
  public get clients(): readonly ec2.IConnectable[] {
    return [...this.admitted];
  }

  /**
   * Grants `rds-db:connect` as database user `dbUser` on every replica, for IAM
   * database authentication. The user must exist in the database with the IAM
   * authentication plugin (MySQL) or the `rds_iam` role (PostgreSQL).
   *
   * @param grantee the principal that connects, e.g. the extract function
   * @param dbUser the database user name; no wildcards
   * @throws InvalidPropsError for an empty or wildcard `dbUser`, or Aurora readers without `clusterResourceId`
   */
  public grantConnect(grantee: iam.IGrantable, dbUser: string): iam.Grant {
    if (!Token.isUnresolved(dbUser) && !/^[^*?/\s]+$/.test(dbUser)) {
      throw new InvalidPropsError(this.node.path, [
        {
          path: 'dbUser',
          message: `got "${dbUser}"; must be one database user name, without "*", "?", "/" or spaces`,
        },
      ]);
    }
    const resourceIds = this.resourceIdsForConnect();
    return iam.Grant.addToPrincipal({
      grantee,
      actions: ['rds-db:connect'],
      resourceArns: resourceIds.map((resourceId) =>
        Stack.of(this).formatArn({
          service: 'rds-db',
          resource: 'dbuser',
          resourceName: `${resourceId}/${dbUser}`,
          arnFormat: ArnFormat.COLON_RESOURCE_NAME,
        }),
      ),
    });
  }

  private resourceIdsForConnect(): string[] {
    if (this.subnetGroup) return this.instances.map((instance) => instance.attrDbiResourceId);
    if (this.clusterResourceId === undefined) {
      throw new InvalidPropsError(this.node.path, [
        {
          path: 'clusterResourceId',
          message:
            'missing; grantConnect on Aurora readers needs the cluster resource id (IAM auth is per cluster)',
        },
      ]);
    }
    return [this.clusterResourceId];
  }

  private createMonitoringRole(): iam.IRole {
    const role = new iam.Role(this, 'MonitoringRole', {
      assumedBy: new iam.ServicePrincipal('monitoring.rds.amazonaws.com'),
      managedPolicies: [
        iam.ManagedPolicy.fromAwsManagedPolicyName('service-role/AmazonRDSEnhancedMonitoringRole'),
      ],
    });
    Validations.of(role).acknowledge({
      id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole]',
      reason:
        'The AWS managed policy made for RDS enhanced monitoring: it only writes the RDSOSMetrics log group, and AWS keeps it current.',
    });
    return role;
  }

  private rdsArn(resource: 'db' | 'cluster', identifier: string): string {
    return Stack.of(this).formatArn({
      service: 'rds',
      resource,
      resourceName: identifier,
      arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    });
  }
}

/** The properties every replica has, whatever the primary. */
function commonInstanceProps(
  props: SourceReplicaProps,
  monitoringSeconds: number,
  monitoringRole: iam.IRole | undefined,
): rds.CfnDBInstanceProps {
  const instanceType =
    props.instanceType ?? ec2.InstanceType.of(ec2.InstanceClass.BURSTABLE4_GRAVITON, ec2.InstanceSize.MEDIUM);
  const performanceInsights = props.enablePerformanceInsights ?? true;
  return {
    dbInstanceClass: `db.${instanceType.toString()}`,
    publiclyAccessible: false,
    autoMinorVersionUpgrade: true,
    monitoringInterval: monitoringRole ? monitoringSeconds : undefined,
    monitoringRoleArn: monitoringRole?.roleArn,
    enablePerformanceInsights: performanceInsights,
    performanceInsightsKmsKeyId: performanceInsights
      ? props.performanceInsightsEncryptionKey?.keyArn
      : undefined,
  };
}

/**
 * cdk-nag findings that do not apply to an RDS read replica, acknowledged on the
 * replica itself with the reason. (Aurora readers raise none: those rules check the cluster.)
 */
function acknowledgeReplicaFindings(instance: rds.CfnDBInstance): void {
  Validations.of(instance).acknowledge(
    {
      id: 'AwsSolutions-RDS2',
      reason:
        'A read replica inherits storage encryption from its source; CloudFormation rejects StorageEncrypted on a same-region replica.',
    },
    {
      id: 'AwsSolutions-RDS3',
      reason:
        'An analytics replica serves batch reads only; if its zone fails the run retries later, production is unaffected.',
    },
    {
      id: 'AwsSolutions-RDS11',
      reason:
        "The port matches the source's so one connection setting serves both; the replica's security group admits only the pipeline's functions.",
    },
  );
}
