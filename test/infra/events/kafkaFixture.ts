import { Stack } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { KafkaCluster } from '../../../lib/infra/events/KafkaCluster';
import { DataLakeNetwork } from '../../../lib/infra/network/DataLakeNetwork';
import { TEST_ENV, testApp } from '../../helpers/testApp';

/** A stack with the lake network (two zones), a log key and a {@link KafkaCluster} named `lake-events`. */
export function kafkaFixture() {
  const app = testApp();
  const stack = new Stack(app, 'Events', { env: TEST_ENV });
  const logKey = new kms.Key(stack, 'LogKey', { enableKeyRotation: true });
  const network = new DataLakeNetwork(stack, 'Network', {
    availabilityZones: ['eu-west-1a', 'eu-west-1b'],
    logEncryptionKey: logKey,
  });
  const kafka = new KafkaCluster(stack, 'Kafka', {
    clusterName: 'lake-events',
    vpc: network.vpc,
    logEncryptionKey: logKey,
  });
  return { app, stack, network, kafka };
}

/** A Lambda in the fixture's VPC, standing in for a Kafka client. */
export function vpcClient(stack: Stack, network: DataLakeNetwork, id = 'Client'): lambda.Function {
  return new lambda.Function(stack, id, {
    runtime: lambda.Runtime.NODEJS_24_X,
    handler: 'index.handler',
    code: lambda.Code.fromInline('exports.handler = async () => undefined;'),
    vpc: network.vpc,
    vpcSubnets: network.subnetSelection,
  });
}
