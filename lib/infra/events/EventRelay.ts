import { Duration, RemovalPolicy, Token, Validations } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type * as ec2 from 'aws-cdk-lib/aws-ec2';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { type ConfigIssue, InvalidPropsError } from '../../core/errors';
import type { RelayEnvironment } from '../../tasks/relay/relaySettingsSchema';
import { acknowledgeGrantWildcards } from '../compliance/acknowledgeGrantWildcards';
import { pipelineFunction } from '../lambda/pipelineFunction';
import type { EventStream } from './EventStream';
import type { KafkaCluster } from './KafkaCluster';

/** The key actions aws-cdk-lib's queue send grant gives on an SQS queue's KMS key. */
const QUEUE_KEY_ACTIONS = ['kms:Decrypt', 'kms:Encrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*'];

/** Props of {@link EventRelay}. The mapping defaults equal the config's (`streams[].relay`). */
export interface EventRelayProps {
  /** The Kinesis stream the relay reads. */
  readonly stream: EventStream;
  /** The MSK cluster the relay writes to; the relay is admitted to it and may produce to `topicName`. */
  readonly cluster: KafkaCluster;
  /** The Kafka topic every record of the stream goes to. */
  readonly topicName: string;
  /** The VPC the relay runs in, with the cluster's endpoints. */
  readonly vpc: ec2.IVpc;
  /**
   * The subnets of `vpc` the relay runs in.
   *
   * @default - the VPC's private subnets
   */
  readonly vpcSubnets?: ec2.SubnetSelection;
  /** The key the failure queue is encrypted with (the lake's operations key). */
  readonly encryptionKey: kms.IKey;
  /**
   * The IAM path of the relay's role. It decrypts the stream (events key) and its queue
   * (operations key), whose policies let only the lake's roles decrypt: `lakeRolePaths(lake).events`.
   *
   * @default '/'
   */
  readonly rolePath?: string;
  /** The key the relay's log group is encrypted with. */
  readonly logEncryptionKey: kms.IKey;
  /**
   * Records per invocation (1 to 10,000).
   *
   * @default 100
   */
  readonly batchSize?: number;
  /**
   * How long the mapping gathers records before it invokes the relay (at most 5 minutes).
   *
   * @default Duration.seconds(1)
   */
  readonly maxBatchingWindow?: Duration;
  /**
   * Batches of one shard relayed at the same time (1 to 10). Records of one partition key stay
   * in order whatever the factor: Lambda keeps each key on one of the shard's batches.
   *
   * @default 1
   */
  readonly parallelizationFactor?: number;
  /**
   * Retries of a failed batch (0 to 10,000) before its records go to the failure queue and the
   * shard moves on.
   *
   * @default 3
   */
  readonly retryAttempts?: number;
  /** The config's name of the stream: the `Stream` dimension of the relay's metrics and a key of its log lines. */
  readonly streamName: string;
  /** The lake's CloudWatch namespace the relay's metrics go to: `metricsNamespace(lake)`. */
  readonly metricsNamespace: string;
  /**
   * `POWERTOOLS_SERVICE_NAME` of the relay's logs and metrics.
   *
   * @default 'datalake-relay'
   */
  readonly serviceName?: string;
  /**
   * How long the relay's log group keeps events.
   *
   * @default logs.RetentionDays.THREE_MONTHS
   */
  readonly logRetention?: logs.RetentionDays;
  /**
   * What happens to the failure queue and the log group when they leave the stack.
   *
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;
}

/**
 * Relays one event stream to a Kafka topic: the `relay` Lambda in the VPC, fed by a Kinesis
 * event source mapping (from the oldest record, `TRIM_HORIZON`), producing to the topic with MSK
 * IAM authentication.
 *
 * Failures never block a shard. The relay answers with a partial batch response naming the first
 * record it could not relay (`ReportBatchItemFailures`), so the records before it are not sent
 * again; a batch that keeps failing is split in two (`BisectBatchOnError`) until the failing
 * record is alone, and after `retryAttempts` retries its details (shard, sequence numbers, error)
 * go to the failure queue and the shard carries on. The queue is KMS-encrypted with the lake
 * key, refuses plain HTTP, keeps messages 14 days, and an alarm goes off when it holds any.
 *
 * @example
 * ```ts
 * new EventRelay(this, 'AppEventsRelay', {
 *   stream, cluster: kafka, topicName: 'app.events', streamName: 'app-events',
 *   metricsNamespace: metricsNamespace('marketplace'), vpc: network.vpc,
 *   encryptionKey: storage.operationsKey, logEncryptionKey: storage.operationsKey, batchSize: 500,
 * });
 * ```
 */
export class EventRelay extends Construct {
  /** The relay function. */
  public readonly function: lambda.IFunction;
  /** The Kinesis event source mapping that invokes it. */
  public readonly eventSourceMapping: lambda.EventSourceMapping;
  /** Where the details of records that could not be relayed go (on-failure destination). */
  public readonly failureQueue: sqs.Queue;
  /** In alarm while the failure queue holds a message. */
  public readonly failureAlarm: cloudwatch.Alarm;

  public constructor(scope: Construct, id: string, props: EventRelayProps) {
    super(scope, id);
    validateProps(this.node.path, props);
    const { stream, cluster, topicName } = props;
    const removalPolicy = props.removalPolicy ?? RemovalPolicy.RETAIN;

    const relay = pipelineFunction(this, 'Function', {
      name: 'relay',
      pipeline: 'events',
      description: `Relays the Kinesis stream ${stream.node.path} to the Kafka topic ${topicName}`,
      memorySize: 512,
      // Room for a cold start (TLS + IAM signing) and kafkajs's retries within one invocation.
      timeout: Duration.minutes(2),
      environment: {
        KAFKA_BOOTSTRAP_SERVERS: cluster.bootstrapServers,
        KAFKA_TOPIC: topicName,
        KAFKA_AUTH: 'iam',
        STREAM_NAME: props.streamName,
        POWERTOOLS_METRICS_NAMESPACE: props.metricsNamespace,
        POWERTOOLS_SERVICE_NAME: props.serviceName ?? 'datalake-relay',
      } satisfies RelayEnvironment,
      logRetention: props.logRetention ?? logs.RetentionDays.THREE_MONTHS,
      logEncryptionKey: props.logEncryptionKey,
      removalPolicy,
      vpc: props.vpc,
      vpcSubnets: props.vpcSubnets,
      rolePath: props.rolePath,
    });
    this.function = relay;

    this.failureQueue = new sqs.Queue(this, 'FailureQueue', {
      encryption: sqs.QueueEncryption.KMS,
      encryptionMasterKey: props.encryptionKey,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
      removalPolicy,
    });
    Validations.of(this.failureQueue).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason:
        'This queue is itself a dead-letter queue: the on-failure destination of the relay’s event source mapping.',
    });

    stream.grantRead(relay);
    cluster.allowClientFrom(relay, `Relay of ${topicName}`);
    cluster.grantProduce(relay, topicName);
    // SqsDlq grants sending with these key actions but does not return that grant; the same
    // statement granted here is what acknowledges its wildcards.
    acknowledgeGrantWildcards(
      relay,
      props.encryptionKey.grant(relay, ...QUEUE_KEY_ACTIONS),
      'Sending to the relay’s own failure queue: the wildcards are KMS action families (ReEncrypt*, GenerateDataKey*) on its key.',
    );

    this.eventSourceMapping = new lambda.EventSourceMapping(this, 'Mapping', {
      target: relay,
      eventSourceArn: stream.streamArn,
      startingPosition: lambda.StartingPosition.TRIM_HORIZON,
      batchSize: props.batchSize ?? 100,
      maxBatchingWindow: props.maxBatchingWindow ?? Duration.seconds(1),
      parallelizationFactor: props.parallelizationFactor ?? 1,
      retryAttempts: props.retryAttempts ?? 3,
      bisectBatchOnError: true,
      reportBatchItemFailures: true,
      onFailure: new SqsDlq(this.failureQueue),
    });
    // Records relayed before the relay is let into the cluster would fail into the queue.
    this.eventSourceMapping.node.addDependency(cluster.securityGroup);

    this.failureAlarm = new cloudwatch.Alarm(this, 'FailureAlarm', {
      alarmDescription: `Records of ${stream.node.path} could not be relayed to ${topicName}: see the relay's failure queue and logs`,
      metric: this.failureQueue.metricApproximateNumberOfMessagesVisible({
        period: Duration.minutes(1),
        statistic: cloudwatch.Stats.MAXIMUM,
      }),
      threshold: 0,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
  }
}

function validateProps(constructPath: string, props: EventRelayProps): void {
  const issues: ConfigIssue[] = [];
  const range = (path: string, value: number | undefined, min: number, max: number) => {
    if (value === undefined || Token.isUnresolved(value)) return;
    if (!Number.isInteger(value) || value < min || value > max) {
      issues.push({ path, message: `got ${value}; allowed: a whole number from ${min} to ${max}` });
    }
  };
  range('batchSize', props.batchSize, 1, 10000);
  range('parallelizationFactor', props.parallelizationFactor, 1, 10);
  range('retryAttempts', props.retryAttempts, 0, 10000);
  const window = props.maxBatchingWindow;
  if (window !== undefined && !window.isUnresolved() && window.toSeconds() > 300) {
    issues.push({
      path: 'maxBatchingWindow',
      message: `got ${window.toHumanString()}; allowed: at most 5 minutes`,
    });
  }
  if (issues.length > 0) throw new InvalidPropsError(constructPath, issues);
}
