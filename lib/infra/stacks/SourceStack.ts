import { CfnOutput, Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import type { Construct } from 'constructs';
import type { DataLakeConfig, SourceConfig } from '../../config';
import { SnapshotExportRole } from '../source/SnapshotExportRole';
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

/** The raw-bucket prefix one source's snapshot exports land under. */
export function exportPrefix(source: SourceConfig): string {
  return `exports/${source.name}/`;
}

/**
 * One source database's part of the lake: its analytics read replica(s) and the
 * role RDS snapshot export assumes to write into the raw bucket. Only wires
 * constructs from the config.
 */
export class SourceStack extends Stack {
  public readonly replica: SourceReplica;
  public readonly exportRole: SnapshotExportRole;

  public constructor(scope: Construct, id: string, props: SourceStackProps) {
    super(scope, id, props);
    const { config, source, foundation } = props;
    const { primary, replica } = source;

    this.replica = new SourceReplica(this, 'Replica', {
      engine: source.engine,
      primaryInstanceIdentifier: primary.instanceIdentifier,
      primaryClusterIdentifier: primary.clusterIdentifier,
      clusterSecurityGroupId: primary.securityGroupId,
      clusterResourceId: primary.clusterResourceId,
      vpc: primary.instanceIdentifier ? foundation.network.vpc : undefined,
      vpcSubnets: primary.instanceIdentifier ? foundation.network.subnetSelection : undefined,
      count: replica.count,
      instanceType: new ec2.InstanceType(replica.instanceClass),
      port: source.port,
      monitoringInterval: Duration.seconds(replica.monitoringIntervalSeconds),
      enablePerformanceInsights: replica.performanceInsights,
      performanceInsightsEncryptionKey: replica.performanceInsights
        ? foundation.storage.encryptionKey
        : undefined,
      deletionProtection: replica.deletionProtection,
      removalPolicy: config.storage.retainOnDelete ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });

    this.exportRole = new SnapshotExportRole(this, 'ExportRole', {
      bucket: foundation.storage.rawBucket,
      prefix: exportPrefix(source),
      encryptionKey: foundation.storage.encryptionKey,
    });

    this.replica.endpoints.forEach((endpoint, index) => {
      new CfnOutput(this, `ReplicaEndpoint${index + 1}`, { value: endpoint.socketAddress });
    });
    new CfnOutput(this, 'ExportRoleArn', { value: this.exportRole.role.roleArn });
  }
}
