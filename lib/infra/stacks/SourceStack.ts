import { CfnOutput, Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import type { Construct } from 'constructs';
import type { DataLakeConfig, SourceConfig } from '../../config';
import {
  auroraEndpointPrefix,
  cdcPrefix,
  cdcReplicationIdentifier,
  exportPrefix,
  sourceDatabaseName,
} from '../../core/naming';
import { replicaPools } from '../../core/orchestration/replicaPools';
import { snapshotPools } from '../../core/orchestration/snapshotPools';
import { sourcePrefix } from '../../core/pipeline/curatedLayout';
import { DataLakeCatalog } from '../catalog/DataLakeCatalog';
import { CdcApplyPipeline } from '../cdc/CdcApplyPipeline';
import { CdcReplication } from '../cdc/CdcReplication';
import { DataLakeMonitoring } from '../monitoring/DataLakeMonitoring';
import { FailureNotification } from '../monitoring/failureNotification';
import { ReplicaPipeline } from '../replica/ReplicaPipeline';
import { lakeRolePaths } from '../security/lakeRolePaths';
import { SnapshotExportRole } from '../snapshot/SnapshotExportRole';
import { SnapshotPipeline } from '../snapshot/SnapshotPipeline';
import { SourceReplica } from '../source/SourceReplica';
import type { FoundationStack } from './FoundationStack';

/** Props of {@link SourceStack}. */
export interface SourceStackProps extends StackProps {
  /** The validated lake config. */
  readonly config: DataLakeConfig;
  /** The source this stack serves; one of `config.sources`. */
  readonly source: SourceConfig;
  /** The lake's shared network, storage and catalog. */
  readonly foundation: FoundationStack;
}

/**
 * One source database's part of the lake: its analytics read replica(s), the role
 * RDS snapshot export assumes to write into the raw bucket and, when the source has
 * tables in mode `snapshot-export`, the snapshot pipeline that exports, curates and
 * commits them, and when it has tables in mode `replica-query` or `incremental`, the replica
 * pipeline that reads them from the replica in pool-bounded chunks. Only wires constructs from
 * the config.
 */
export class SourceStack extends Stack {
  /** The source's Glue database (`<lake>_<source>`): here, not in the foundation, so removing the source removes it with its stack. */
  public readonly catalog: DataLakeCatalog;
  public readonly replica: SourceReplica;
  public readonly exportRole: SnapshotExportRole;
  /** The source's snapshot pipeline; absent when no table of the source is in mode `snapshot-export`. */
  public readonly snapshotPipeline?: SnapshotPipeline;
  /** The source's replica pipeline; absent when no table of the source is in mode `replica-query` or `incremental`. */
  public readonly replicaPipeline?: ReplicaPipeline;
  /** The DMS Serverless replication of the source's `cdc` tables; absent when it has none. */
  public readonly cdcReplication?: CdcReplication;
  /** The scheduled apply of the source's `cdc` tables' changes; absent when it has none. */
  public readonly cdcApplyPipeline?: CdcApplyPipeline;
  /** Tells the alert topic which tables a failed run failed on; absent when the source has no pipeline. */
  public readonly failureNotification?: FailureNotification;
  /** The source's alarms (pipelines, functions, replica lag, table freshness) and dashboard. */
  public readonly monitoring: DataLakeMonitoring;

  public constructor(scope: Construct, id: string, props: SourceStackProps) {
    super(scope, id, props);
    const { config, source, foundation } = props;
    const { primary, replica } = source;
    const removalPolicy = config.storage.retainOnDelete ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;
    const databaseName = sourceDatabaseName(config.name, source.name);
    this.catalog = new DataLakeCatalog(this, 'Catalog', {
      removalPolicy,
      databases: [
        {
          databaseName,
          description: `Curated tables of the ${source.engine} source "${source.name}" (database ${source.database})`,
          locationUri: foundation.storage.curatedBucket.s3UrlForObject(sourcePrefix(source.name)),
        },
      ],
    });
    const database = this.catalog.database(databaseName);

    this.replica = new SourceReplica(this, 'Replica', {
      engine: source.engine,
      primaryInstanceIdentifier: primary.instanceIdentifier,
      primaryClusterIdentifier: primary.clusterIdentifier,
      clusterSecurityGroupId: primary.securityGroupId,
      clusterResourceId: primary.clusterResourceId,
      customEndpointPrefix: primary.clusterIdentifier
        ? auroraEndpointPrefix(config.name, source.name)
        : undefined,
      vpc: primary.instanceIdentifier ? foundation.network.vpc : undefined,
      vpcSubnets: primary.instanceIdentifier ? foundation.network.subnetSelection : undefined,
      count: replica.count,
      instanceType: new ec2.InstanceType(replica.instanceClass),
      port: source.port,
      monitoringInterval: Duration.seconds(replica.monitoringIntervalSeconds),
      enablePerformanceInsights: replica.performanceInsights,
      performanceInsightsEncryptionKey: replica.performanceInsights
        ? foundation.storage.operationsKey
        : undefined,
      deletionProtection: replica.deletionProtection,
      removalPolicy,
    });

    this.exportRole = new SnapshotExportRole(this, 'ExportRole', {
      bucket: foundation.storage.rawBucket,
      prefix: exportPrefix(source.name),
      encryptionKey: foundation.storage.rawKey,
      rolePath: lakeRolePaths(config.name).raw,
    });

    // The construct refuses a source without snapshot-export tables; such a source has no pipeline here.
    if (snapshotPools(source, config.pools).length > 0) {
      this.snapshotPipeline = new SnapshotPipeline(this, 'SnapshotPipeline', {
        config,
        source,
        storage: foundation.storage,
        exportRole: this.exportRole,
        database,
        maskingSalt: foundation.maskingSalt,
        // With includeTables: all, each run lists the tables to export on the replica.
        replica: this.replica,
        vpc: foundation.network.vpc,
        vpcSubnets: foundation.network.subnetSelection,
        removalPolicy,
      });
      new CfnOutput(this, 'SnapshotStateMachineArn', {
        value: this.snapshotPipeline.stateMachine.stateMachineArn,
      });
    }

    // Likewise the replica pipeline, for a source with replica-query or incremental tables.
    if (replicaPools(source, config.pools).length > 0) {
      this.replicaPipeline = new ReplicaPipeline(this, 'ReplicaPipeline', {
        config,
        source,
        storage: foundation.storage,
        database,
        maskingSalt: foundation.maskingSalt,
        replica: this.replica,
        vpc: foundation.network.vpc,
        vpcSubnets: foundation.network.subnetSelection,
        removalPolicy,
      });
      new CfnOutput(this, 'ReplicaStateMachineArn', {
        value: this.replicaPipeline.stateMachine.stateMachineArn,
      });
    }

    this.cdcReplication = this.createCdcReplication(config, source, foundation);
    if (this.cdcReplication !== undefined) {
      this.cdcApplyPipeline = new CdcApplyPipeline(this, 'CdcApplyPipeline', {
        config,
        source,
        storage: foundation.storage,
        database,
        maskingSalt: foundation.maskingSalt,
        replication: this.cdcReplication,
        replica: this.replica,
        vpc: foundation.network.vpc,
        vpcSubnets: foundation.network.subnetSelection,
        removalPolicy,
      });
      new CfnOutput(this, 'CdcApplyStateMachineArn', {
        value: this.cdcApplyPipeline.stateMachine.stateMachineArn,
      });
    }

    this.monitoring = this.createMonitoring(config, source, foundation);

    // A failed, timed-out or aborted run tells the alert topic which tables failed, and why.
    const stateMachines = [this.snapshotPipeline, this.replicaPipeline, this.cdcApplyPipeline].flatMap(
      (pipeline) => (pipeline ? [pipeline.stateMachine] : []),
    );
    if (stateMachines.length > 0) {
      this.failureNotification = new FailureNotification(this, 'FailureNotification', {
        lakeName: config.name,
        sourceName: source.name,
        stateMachines,
        topic: foundation.alerts.topic,
        logEncryptionKey: foundation.storage.operationsKey,
        removalPolicy,
      });
    }

    // The replica's readers fetch its credentials (Secrets Manager), S3 and Glue through the endpoints.
    foundation.network.allowAwsApisFrom(...this.replica.clients);

    this.replica.endpoints.forEach((endpoint, index) => {
      new CfnOutput(this, `ReplicaEndpoint${index + 1}`, { value: endpoint.socketAddress });
    });
    if (this.replica.analyticsEndpoint && this.replica.productEndpoint) {
      new CfnOutput(this, 'AnalyticsEndpoint', {
        description: 'Aurora custom endpoint of the analytics readers: the pipeline reads here',
        value: this.replica.analyticsEndpoint.attrEndpoint,
      });
      new CfnOutput(this, 'ProductEndpoint', {
        description:
          "Aurora custom endpoint of every instance but the analytics readers: point the product's reads here",
        value: this.replica.productEndpoint.attrEndpoint,
      });
    }
    new CfnOutput(this, 'ExportRoleArn', { value: this.exportRole.role.roleArn });
  }

  /**
   * The DMS replication of the source's `cdc` tables, reading the primary (the config requires
   * `cdc` settings exactly when there are such tables): in the lake's subnets, let in through the
   * primary's security group (an RDS instance's own, or the Aurora cluster's), sending HTTPS only
   * to the VPC endpoints, which DMS Serverless must use for S3 and Secrets Manager.
   */
  private createCdcReplication(
    config: DataLakeConfig,
    source: SourceConfig,
    foundation: FoundationStack,
  ): CdcReplication | undefined {
    const tables = source.tables.filter((table) => table.mode === 'cdc');
    if (source.cdc === undefined || tables.length === 0) return undefined;
    const primarySecurityGroup =
      source.cdc.securityGroupId === undefined
        ? this.replica.securityGroup
        : ec2.SecurityGroup.fromSecurityGroupId(this, 'PrimarySecurityGroup', source.cdc.securityGroupId, {
            mutable: true,
          });
    const replication = new CdcReplication(this, 'Cdc', {
      identifier: cdcReplicationIdentifier(config.name, source.name),
      engine: source.engine,
      aurora: source.primary.clusterIdentifier !== undefined,
      databaseName: source.database,
      port: source.port,
      credentialsSecretArn: source.cdc.credentialsSecretArn,
      primarySecurityGroup,
      tables: tables.map((table) => ({
        schema: table.schema,
        name: table.name,
        droppedColumns: Object.entries(table.columns).flatMap(([column, rule]) =>
          rule.drop ? [column] : [],
        ),
      })),
      vpc: foundation.network.vpc,
      vpcSubnets: foundation.network.subnetSelection,
      storage: foundation.storage,
      rawPrefix: cdcPrefix(source.name),
      rolePath: lakeRolePaths(config.name).raw,
      maxCapacityUnits: source.cdc.maxCapacityUnits,
      minCapacityUnits: source.cdc.minCapacityUnits,
      multiAz: source.cdc.multiAz,
      lobMaxSizeKb: source.cdc.lobMaxSizeKb,
    });
    foundation.network.allowAwsApisFrom(replication);
    new CfnOutput(this, 'CdcReplicationArn', {
      description: 'Start it once the source is prepared: aws dms start-replication (see the README)',
      value: replication.replicationConfig.ref,
    });
    return replication;
  }

  /** Alarms to the lake's topic on what this stack runs, and its dashboard. */
  private createMonitoring(
    config: DataLakeConfig,
    source: SourceConfig,
    foundation: FoundationStack,
  ): DataLakeMonitoring {
    const monitoring = new DataLakeMonitoring(this, 'Monitoring', {
      lakeName: config.name,
      namePrefix: this.stackName,
      alarmTopic: foundation.alerts.topic,
      lambdaDurationPercentOfTimeout: config.alerts.thresholds.lambdaDurationPercentOfTimeout,
    });
    const snapshot = this.snapshotPipeline;
    if (snapshot) {
      monitoring.monitorPipeline({
        name: 'snapshot',
        stateMachine: snapshot.stateMachine,
        functions: {
          ...(snapshot.findSnapshotFunction && { findSnapshot: snapshot.findSnapshotFunction }),
          ...(snapshot.listTablesFunction && { listTables: snapshot.listTablesFunction }),
          plan: snapshot.planFunction,
          transform: snapshot.transformFunction,
          commit: snapshot.commitFunction,
        },
      });
    }
    const replicaPipeline = this.replicaPipeline;
    if (replicaPipeline) {
      monitoring.monitorPipeline({
        name: 'replica',
        stateMachine: replicaPipeline.stateMachine,
        functions: {
          plan: replicaPipeline.planFunction,
          extract: replicaPipeline.extractFunction,
          commit: replicaPipeline.commitFunction,
          advance: replicaPipeline.advanceFunction,
        },
      });
    }
    const cdcApply = this.cdcApplyPipeline;
    if (cdcApply) {
      monitoring.monitorPipeline({
        name: 'cdc',
        stateMachine: cdcApply.stateMachine,
        functions: {
          plan: cdcApply.planFunction,
          apply: cdcApply.applyFunction,
          commit: cdcApply.commitFunction,
        },
      });
    }
    monitoring.monitorReplicaLag({
      source: source.name,
      kind: source.primary.clusterIdentifier ? 'aurora' : 'instance',
      instanceIdentifiers:
        this.replica.auroraInstanceIdentifiers ?? this.replica.instances.map((instance) => instance.ref),
      maxLagSeconds: source.replica.maxLagSeconds,
    });
    const unlisted = source.includeTables === 'all' ? source.freshnessSloSeconds : undefined;
    if (source.tables.length > 0 || unlisted !== undefined) {
      monitoring.monitorFreshness({
        source: source.name,
        tables: source.tables,
        ...(unlisted === undefined ? {} : { unlistedTablesSloSeconds: unlisted }),
      });
    }
    return monitoring;
  }
}
