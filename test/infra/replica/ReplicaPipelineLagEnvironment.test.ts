import { type CfnElement, type Stack, Validations } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as glue from 'aws-cdk-lib/aws-glue';
import type * as rds from 'aws-cdk-lib/aws-rds';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { ReplicaPipeline } from '../../../lib/infra/replica/ReplicaPipeline';
import { SourceReplica, type SourceReplicaProps } from '../../../lib/infra/source/SourceReplica';
import { DataLakeStorage } from '../../../lib/infra/storage/DataLakeStorage';
import { parsedConfig, validSource, validTable } from '../../helpers/configFactory';
import { testStack } from '../../helpers/testApp';

const AURORA: Partial<SourceReplicaProps> = {
  primaryClusterIdentifier: 'prod-cluster',
  clusterSecurityGroupId: 'sg-0123456789abcdef0',
  customEndpointPrefix: 'testlake-service',
};

/** A replica pipeline of source `service` (replica.unmeasuredLag as given) over `replicaProps`. */
function build(replicaProps: Partial<SourceReplicaProps>, unmeasuredLag: 'fail' | 'warn' = 'fail') {
  const stack: Stack = testStack();
  const config = parsedConfig({
    sources: [
      validSource({ defaultMode: 'replica-query', replica: { unmeasuredLag }, tables: [validTable()] }),
    ],
  });
  const source = config.sources[0] ?? fail('no source');
  const storage = new DataLakeStorage(stack, 'Storage');
  const vpc = new ec2.Vpc(stack, 'Vpc', {
    maxAzs: 2,
    natGateways: 0,
    subnetConfiguration: [{ name: 'isolated', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }],
  });
  const replica = new SourceReplica(stack, 'Replica', {
    engine: 'mysql',
    ...(replicaProps.primaryClusterIdentifier ? {} : { primaryInstanceIdentifier: 'service-db', vpc }),
    count: 2,
    ...replicaProps,
  });
  const maskingSalt = new secretsmanager.Secret(stack, 'Salt', { encryptionKey: storage.rawKey });
  Validations.of(maskingSalt).acknowledge({ id: 'AwsSolutions-SMG4', reason: 'Test salt.' });
  const pipeline = new ReplicaPipeline(stack, 'Pipeline', {
    config,
    source,
    storage,
    database: new glue.Database(stack, 'Database', { databaseName: 'testlake_service' }),
    maskingSalt,
    replica,
    vpc,
  });
  const plan = stack.getLogicalId(pipeline.planFunction.node.defaultChild as CfnElement);
  const variables = Template.fromStack(stack).findResources('AWS::Lambda::Function')[plan]?.Properties
    ?.Environment?.Variables as Record<string, unknown>;
  return { stack, replica, variables };
}

describe('ReplicaPipeline: what the plan needs for the lag check', () => {
  it('passes replica.unmeasuredLag to the plan', () => {
    // Act
    const { variables } = build({}, 'warn');

    // Assert
    expect(variables.REPLICA_UNMEASURED_LAG).toBe('warn');
  });

  it('has the plan read an Aurora source through the analytics endpoint, naming its readers by instance id', () => {
    // Act
    const { stack, replica, variables } = build(AURORA);

    // Assert
    const analytics = stack.getLogicalId(replica.analyticsEndpoint as rds.CfnDBClusterEndpoint);
    expect(variables).toMatchObject({
      REPLICA_HOSTS: { 'Fn::GetAtt': [analytics, 'Endpoint'] },
      REPLICA_AURORA_INSTANCES: {
        'Fn::Join': [',', replica.instances.map((instance) => ({ Ref: stack.getLogicalId(instance) }))],
      },
      REPLICA_UNMEASURED_LAG: 'fail',
    });
  });

  it('names no Aurora instance for RDS instance replicas, which report their own lag', () => {
    // Act
    const { stack, replica, variables } = build({});

    // Assert
    expect(variables.REPLICA_HOSTS).toEqual({
      'Fn::Join': [
        ',',
        replica.instances.map((instance) => ({
          'Fn::GetAtt': [stack.getLogicalId(instance), 'Endpoint.Address'],
        })),
      ],
    });
    expect(variables).not.toHaveProperty('REPLICA_AURORA_INSTANCES');
  });
});
