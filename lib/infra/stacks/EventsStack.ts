import { CfnOutput, type CustomResource, Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import * as kinesis from 'aws-cdk-lib/aws-kinesis';
import type * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import type { DataLakeConfig, StreamConfig } from '../../config';
import {
  eventsDatabaseName,
  kafkaClusterName,
  kinesisStreamName,
  metricsNamespace,
  relayServiceName,
} from '../../core/naming';
import { EventArchive } from '../events/EventArchive';
import { EventRelay } from '../events/EventRelay';
import { EventStream } from '../events/EventStream';
import { KafkaCluster } from '../events/KafkaCluster';
import { DataLakeMonitoring } from '../monitoring/DataLakeMonitoring';
import { lakeRolePaths } from '../security/lakeRolePaths';
import type { FoundationStack } from './FoundationStack';

/** Props of {@link EventsStack}. */
export interface EventsStackProps extends StackProps {
  /** The validated lake config; its `streams` must not be empty. */
  readonly config: DataLakeConfig;
  /** The lake's shared network, storage and catalog. */
  readonly foundation: FoundationStack;
}

/** What the events stack builds for one configured stream. */
export interface EventsStackStream {
  /** The stream's config. */
  readonly config: StreamConfig;
  /** The Kinesis stream apps send to. */
  readonly stream: EventStream;
  /** The stream's Kafka topic on the shared cluster. */
  readonly topic: CustomResource;
  /** The Kinesis → Kafka relay. */
  readonly relay: EventRelay;
  /** The Firehose archive to Parquet in the events bucket, with its Glue table. */
  readonly archive: EventArchive;
}

/**
 * The client events part of the lake: one MSK Serverless cluster shared by every stream and,
 * per configured stream, its Kinesis stream (with the Cognito identity pool when
 * `publicClients`), its Kafka topic, the relay to that topic and the archive to S3 for Athena.
 * Only wires constructs from the config.
 *
 * Outputs: each stream's name and ARN (and identity pool id), and the cluster's ARN and
 * bootstrap servers for consumers.
 */
export class EventsStack extends Stack {
  /** The shared MSK Serverless cluster. */
  public readonly kafka: KafkaCluster;
  /** Encrypts the log groups of the stack's functions: the lake's operations key. */
  public readonly logKey: kms.Key;
  /** One entry per configured stream, in config order. */
  public readonly streams: readonly EventsStackStream[];
  /** The streams' alarms (Kinesis, relay, archive) and dashboard. */
  public readonly monitoring: DataLakeMonitoring;

  public constructor(scope: Construct, id: string, props: EventsStackProps) {
    super(scope, id, props);
    const { config, foundation } = props;
    const { network, storage } = foundation;
    const removalPolicy = config.storage.retainOnDelete ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;
    // The archive names the foundation's Glue database by its name only, so the order is explicit.
    this.addStackDependency(foundation);

    this.logKey = storage.operationsKey;
    const rolePath = lakeRolePaths(config.name).events;
    this.kafka = new KafkaCluster(this, 'Kafka', {
      clusterName: kafkaClusterName(config.name),
      vpc: network.vpc,
      vpcSubnets: network.subnetSelection,
      logEncryptionKey: this.logKey,
      removalPolicy,
    });

    this.streams = config.streams.map((streamConfig) => {
      const parts = new Construct(this, streamConfig.name);
      const stream = new EventStream(parts, 'Stream', {
        encryptionKey: storage.eventsKey,
        streamName: kinesisStreamName(config.name, streamConfig.name),
        streamMode:
          streamConfig.capacity === 'provisioned'
            ? kinesis.StreamMode.PROVISIONED
            : kinesis.StreamMode.ON_DEMAND,
        shardCount: streamConfig.shardCount,
        retention: Duration.hours(streamConfig.retentionHours),
        unauthenticatedProducers: streamConfig.publicClients,
        removalPolicy,
      });
      const topic = this.kafka.addTopic(`${streamConfig.name}-topic`, {
        topicName: streamConfig.kafkaTopic,
        partitions: streamConfig.kafkaPartitions,
      });
      const { relay: settings } = streamConfig;
      const relay = new EventRelay(parts, 'Relay', {
        stream,
        cluster: this.kafka,
        topicName: streamConfig.kafkaTopic,
        streamName: streamConfig.name,
        metricsNamespace: metricsNamespace(config.name),
        vpc: network.vpc,
        vpcSubnets: network.subnetSelection,
        encryptionKey: storage.operationsKey,
        logEncryptionKey: this.logKey,
        rolePath,
        batchSize: settings.batchSize,
        maxBatchingWindow: Duration.seconds(settings.maxBatchingWindowSeconds),
        parallelizationFactor: settings.parallelizationFactor,
        retryAttempts: settings.maxRetryAttempts,
        serviceName: relayServiceName(config.name, streamConfig.name),
        removalPolicy,
      });
      // The relay's producer does not create topics: the topic must exist before records flow.
      relay.eventSourceMapping.node.addDependency(topic);
      const archive = new EventArchive(parts, 'Archive', {
        eventStream: stream,
        streamName: streamConfig.name,
        bucket: storage.eventsBucket,
        bucketKey: storage.eventsKey,
        databaseName: eventsDatabaseName(config.name),
        payloadFields: streamConfig.payloadFields,
        logEncryptionKey: this.logKey,
        rolePath,
        removalPolicy,
      });

      new CfnOutput(parts, 'StreamName', { value: stream.streamName });
      new CfnOutput(parts, 'StreamArn', { value: stream.streamArn });
      new CfnOutput(parts, 'RelayFailureQueueUrl', {
        description: `datalake replay ${streamConfig.name} --queue-url <this>: the relay's failed batches`,
        value: relay.failureQueue.queueUrl,
      });
      if (stream.identityPool) {
        new CfnOutput(parts, 'IdentityPoolId', { value: stream.identityPool.ref });
      }
      return { config: streamConfig, stream, topic, relay, archive };
    });

    const { thresholds } = config.alerts;
    this.monitoring = new DataLakeMonitoring(this, 'Monitoring', {
      lakeName: config.name,
      namePrefix: this.stackName,
      alarmTopic: foundation.alerts.topic,
      lambdaDurationPercentOfTimeout: thresholds.lambdaDurationPercentOfTimeout,
    });
    for (const { config: streamConfig, stream, relay, archive } of this.streams) {
      this.monitoring.monitorStream({
        name: streamConfig.name,
        kinesisStreamName: stream.streamName,
        maxIteratorAge: Duration.seconds(thresholds.kinesisIteratorAgeSeconds),
        relayFunction: relay.function,
        failureQueue: relay.failureQueue,
        failureAlarm: relay.failureAlarm,
        deliveryStreamName: archive.deliveryStream.ref,
        maxDataFreshness: Duration.seconds(thresholds.firehoseDataFreshnessSeconds),
      });
    }

    new CfnOutput(this, 'KafkaClusterArn', { value: this.kafka.clusterArn });
    new CfnOutput(this, 'KafkaBootstrapServers', { value: this.kafka.bootstrapServers });
  }
}
