import {
  ArnFormat,
  CfnOutput,
  Duration,
  RemovalPolicy,
  Size,
  Stack,
  type StackProps,
  Token,
  Validations,
} from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';
import type { DataLakeConfig } from '../../config';
import {
  alertTopicName,
  archiveErrorPrefix,
  eventsDatabaseName,
  kinesisStreamName,
  sourceDatabaseName,
  stateMachineName,
  workgroupName,
} from '../../core/naming';
import { replicaPools } from '../../core/orchestration/replicaPools';
import { snapshotPools } from '../../core/orchestration/snapshotPools';
import { CatalogEncryption } from '../catalog/CatalogEncryption';
import { DataLakeCatalog } from '../catalog/DataLakeCatalog';
import { QueryWorkgroup } from '../catalog/QueryWorkgroup';
import { AlertTopic } from '../monitoring/AlertTopic';
import { ArchiveErrorNotification } from '../monitoring/ArchiveErrorNotification';
import { DataLakeMonitoring } from '../monitoring/DataLakeMonitoring';
import { DataLakeNetwork } from '../network/DataLakeNetwork';
import type { LakeEndpointResources } from '../network/endpointPolicies';
import { lakeRolePaths } from '../security/lakeRolePaths';
import { DataLakeStorage } from '../storage/DataLakeStorage';

/** Props of {@link FoundationStack}. */
export interface FoundationStackProps extends StackProps {
  /** The validated lake config. */
  readonly config: DataLakeConfig;
}

/**
 * What every other part of the lake plugs into: the network, the encrypted
 * buckets, the Glue databases, the Athena workgroup, the masking salt and a role
 * analysts assume to query. Only wires constructs from the config.
 */
export class FoundationStack extends Stack {
  public readonly network: DataLakeNetwork;
  public readonly storage: DataLakeStorage;
  public readonly catalog: DataLakeCatalog;
  public readonly query: QueryWorkgroup;
  /** The secret whose value salts `mask: hash`. */
  public readonly maskingSalt: secretsmanager.ISecret;
  /**
   * A role with exactly what querying the lake in Athena needs, assumable only by the config's
   * `query.analystPrincipals`; absent when the config names none.
   */
  public readonly analystRole?: iam.Role;
  /** The lake's alarm topic (`alerts.topic`): every alarm of every stack notifies it. */
  public readonly alerts: AlertTopic;
  /** The lake's overview dashboard (`<lake>`): every source's runs and tables, every stream. */
  public readonly overview: DataLakeMonitoring;
  /** The Glue Data Catalog encryption settings of the account and region, when the lake owns them (`query.catalogEncryption: lake-key`). */
  public readonly catalogEncryption?: CatalogEncryption;

  private readonly zones: string[];

  public constructor(scope: Construct, id: string, props: FoundationStackProps) {
    super(scope, id, props);
    const { config } = props;
    // Known zones keep synth offline: no availability-zone lookup against the account.
    this.zones =
      config.network.availabilityZones ?? ['a', 'b', 'c'].map((letter) => `${this.region}${letter}`);
    const removalPolicy = config.storage.retainOnDelete ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;

    this.storage = new DataLakeStorage(this, 'Storage', {
      removalPolicy,
      rolePaths: lakeRolePaths(config.name),
      rawObjectExpiration: Duration.days(config.storage.rawExportExpirationDays),
      queryResultsExpiration: Duration.days(config.storage.queryResultsExpirationDays),
      noncurrentVersionExpiration: Duration.days(config.storage.curatedNoncurrentVersionExpirationDays),
    });

    this.alerts = new AlertTopic(this, 'Alerts', {
      topicName: alertTopicName(config.name),
      encryptionKey: this.storage.operationsKey,
      emails: config.alerts.email,
      httpsEndpoints: config.alerts.httpsEndpoints,
      slack: config.alerts.slack,
    });

    if (config.streams.length > 0) {
      new ArchiveErrorNotification(this, 'ArchiveErrors', {
        bucket: this.storage.eventsBucket,
        errorPrefixes: config.streams.map((stream) => archiveErrorPrefix(stream.name)),
        topic: this.alerts.topic,
      });
    }

    this.overview = this.createOverview(config);

    const { network } = config;
    this.network = new DataLakeNetwork(this, 'Network', {
      vpc: this.importedVpc(config),
      availabilityZones: network.vpcId ? undefined : this.zones.slice(0, network.maxAzs),
      cidr: network.vpcId ? undefined : network.cidrBlock,
      createEndpoints: network.vpcId ? network.endpoints === 'create' : undefined,
      endpointSecurityGroup: network.endpointSecurityGroupId
        ? ec2.SecurityGroup.fromSecurityGroupId(
            this,
            'EndpointSecurityGroup',
            network.endpointSecurityGroupId,
            {
              mutable: false,
            },
          )
        : undefined,
      logEncryptionKey: this.storage.operationsKey,
      removalPolicy,
    });

    const curated = this.storage.curatedBucket;
    // Each source's database lives in its own stack; only the events database is shared.
    this.catalog = new DataLakeCatalog(this, 'Catalog', {
      removalPolicy,
      databases: [
        {
          databaseName: eventsDatabaseName(config.name),
          description: 'Client events archived from the Kinesis streams',
          locationUri: this.storage.eventsBucket.s3UrlForObject(),
        },
      ],
    });

    this.query = new QueryWorkgroup(this, 'Query', {
      workGroupName: workgroupName(config.name, config.query.workgroupName),
      resultsBucket: this.storage.queryResultsBucket,
      resultsKey: this.storage.operationsKey,
      // Sources' databases by name: they live in the source stacks, which this stack must not reference.
      databases: [
        ...this.catalog.databases.values(),
        ...config.sources.map((source) => sourceDatabaseName(config.name, source.name)),
      ],
      dataBuckets: [curated, this.storage.eventsBucket],
      bytesScannedCutoffPerQuery: Size.bytes(config.query.bytesScannedCutoffPerQuery),
      removalPolicy,
    });

    this.maskingSalt = this.maskingSaltSecret(config, removalPolicy);
    this.network.restrictEndpointsTo(this.endpointResources(config));

    if (config.query.catalogEncryption === 'lake-key') {
      this.catalogEncryption = new CatalogEncryption(this, 'CatalogEncryption', { removalPolicy });
    }

    this.analystRole = this.createAnalystRole(config);

    this.exportSharedValues();

    new CfnOutput(this, 'CuratedBucketName', { value: curated.bucketName });
    new CfnOutput(this, 'WorkGroupName', { value: this.query.workGroupName });
    if (this.analystRole) new CfnOutput(this, 'AnalystRoleArn', { value: this.analystRole.roleArn });
  }

  /**
   * The role analysts query with, trusted by the config's principals only (never the whole
   * account), under the lake's analyst path: the zone keys let it decrypt curated, events and
   * query results, and the raw key does not (its path is not the raw path).
   */
  private createAnalystRole(config: DataLakeConfig): iam.Role | undefined {
    const principals = config.query.analystPrincipals;
    if (principals.length === 0) return undefined;
    const role = new iam.Role(this, 'AnalystRole', {
      assumedBy: new iam.CompositePrincipal(...principals.map((arn) => new iam.ArnPrincipal(arn))),
      path: lakeRolePaths(config.name).analyst,
      description: `Query the ${config.name} data lake in Athena (workgroup ${this.query.workGroupName})`,
      maxSessionDuration: Duration.hours(4),
    });
    this.query.grantQuery(role);
    return role;
  }

  /**
   * Exports every value the source and events stacks may import, whichever of them the config
   * has. CDK otherwise exports only what the current stacks use, so removing a source (or the
   * streams) from the config would delete an export a deployed stack still imports, and
   * CloudFormation refuses that ("Export … cannot be deleted as it is in use"). Literal values
   * (an imported VPC's ids) need no export.
   */
  private exportSharedValues(): void {
    const { network, storage } = this;
    const shared = [
      network.vpc.vpcId,
      ...network.vpc.selectSubnets(network.subnetSelection).subnetIds,
      ...[storage.rawKey, storage.curatedKey, storage.eventsKey, storage.operationsKey].map(
        (key) => key.keyArn,
      ),
      ...[storage.rawBucket, storage.curatedBucket, storage.eventsBucket].flatMap((bucket) => [
        bucket.bucketName,
        bucket.bucketArn,
      ]),
      this.maskingSalt.secretArn,
      this.alerts.topic.topicArn,
      network.endpointSecurityGroup.securityGroupId,
      network.s3PrefixListId,
    ];
    for (const value of shared) {
      if (Token.isUnresolved(value)) this.exportValue(value);
    }
  }

  /** What the functions in the VPC may reach through the endpoints the lake creates. */
  private endpointResources(config: DataLakeConfig): LakeEndpointResources {
    const { storage } = this;
    return {
      buckets: [storage.rawBucket, storage.curatedBucket, storage.eventsBucket, storage.queryResultsBucket],
      secretArns: [
        ...config.sources.map((source) => source.credentialsSecretArn),
        // The DMS user's secret, which DMS Serverless reads through the VPC's endpoint.
        ...config.sources.flatMap((source) => (source.cdc ? [source.cdc.credentialsSecretArn] : [])),
        this.maskingSalt.secretArn,
      ],
      keys: [storage.rawKey, storage.curatedKey, storage.eventsKey, storage.operationsKey],
      glueDatabaseNames: [
        eventsDatabaseName(config.name),
        ...config.sources.map((source) => sourceDatabaseName(config.name, source.name)),
      ],
      stateMachineNames: config.sources.flatMap((source) =>
        (['snapshot', 'replica'] as const).map((pipeline) =>
          stateMachineName(config.name, source.name, pipeline),
        ),
      ),
    };
  }

  /**
   * The lake's one overview dashboard, from names alone (state machine and stream names are fixed
   * by the config), so the foundation needs no reference to the stacks that come after it.
   */
  private createOverview(config: DataLakeConfig): DataLakeMonitoring {
    const overview = new DataLakeMonitoring(this, 'Overview', {
      lakeName: config.name,
      namePrefix: config.name,
      alarmTopic: this.alerts.topic,
    });
    for (const source of config.sources) {
      const pipelines = [
        ...(snapshotPools(source, config.pools).length > 0 ? (['snapshot'] as const) : []),
        ...(replicaPools(source, config.pools).length > 0 ? (['replica'] as const) : []),
      ];
      overview.summarizeSource({
        source: source.name,
        stateMachineArns: Object.fromEntries(
          pipelines.map((pipeline) => [
            pipeline,
            this.formatArn({
              service: 'states',
              resource: 'stateMachine',
              resourceName: stateMachineName(config.name, source.name, pipeline),
              arnFormat: ArnFormat.COLON_RESOURCE_NAME,
            }),
          ]),
        ),
      });
    }
    for (const stream of config.streams) {
      overview.summarizeStream({
        name: stream.name,
        kinesisStreamName: kinesisStreamName(config.name, stream.name),
      });
    }
    return overview;
  }

  /** Zones the stack's VPC uses; fixed from the config so synth needs no lookup. */
  public override get availabilityZones(): string[] {
    return this.zones;
  }

  private importedVpc(config: DataLakeConfig) {
    const { vpcId, subnetIds, availabilityZones, cidrBlock, routeTableIds } = config.network;
    if (vpcId === undefined || subnetIds === undefined || availabilityZones === undefined) return undefined;
    return DataLakeNetwork.importVpc(this, 'Vpc', {
      vpcId,
      subnetIds,
      availabilityZones,
      vpcCidrBlock: cidrBlock,
      routeTableIds,
    });
  }

  private maskingSaltSecret(config: DataLakeConfig, removalPolicy: RemovalPolicy): secretsmanager.ISecret {
    if (config.masking.saltSecretArn) {
      return secretsmanager.Secret.fromSecretCompleteArn(this, 'MaskingSalt', config.masking.saltSecretArn);
    }
    const secret = new secretsmanager.Secret(this, 'MaskingSalt', {
      description: `Salt of mask: hash in the ${config.name} data lake. Changing it changes every hashed value.`,
      // The salt is the HMAC key of `mask: hash`: a raw-zone secret, so analysts cannot decrypt it.
      // By reference: given the key itself, Secret adds a statement to its policy that lets every
      // principal of the account decrypt through Secrets Manager, which the raw key must not have.
      encryptionKey: kms.Key.fromKeyArn(this, 'MaskingSaltKey', this.storage.rawKey.keyArn),
      generateSecretString: { passwordLength: 64, excludePunctuation: true },
      removalPolicy,
    });
    Validations.of(secret).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        'The salt must stay stable: rotating it changes every hashed value, breaking joins across runs and with history.',
    });
    return secret;
  }
}
