import { Duration, type Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import type * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { InvalidPropsError } from '../../../lib/core/errors';
import { EventRelay, type EventRelayProps } from '../../../lib/infra/events/EventRelay';
import { EventStream } from '../../../lib/infra/events/EventStream';
import { describeFindings, nagFindings } from '../../helpers/nag';
import { kafkaFixture } from './kafkaFixture';

/** A relay of stream `AppEvents` to topic `app.events` on the fixture's cluster. */
function relayFixture(props: Partial<EventRelayProps> = {}) {
  const fixture = kafkaFixture();
  const { stack, network, kafka } = fixture;
  const lakeKey = new kms.Key(stack, 'LakeKey', { enableKeyRotation: true });
  const stream = new EventStream(stack, 'AppEvents', {
    encryptionKey: lakeKey,
    streamName: 'lake-app-events',
  });
  kafka.addTopic('AppEventsTopic', { topicName: 'app.events', partitions: 6 });
  const relay = new EventRelay(stack, 'Relay', {
    stream,
    cluster: kafka,
    topicName: 'app.events',
    streamName: 'app-events',
    metricsNamespace: 'DataLake/marketplace',
    vpc: network.vpc,
    encryptionKey: lakeKey,
    logEncryptionKey: lakeKey,
    ...props,
  });
  return { ...fixture, lakeKey, stream, relay };
}

function logicalId(stack: Stack, construct: { node: { defaultChild?: unknown } }): string {
  return stack.getLogicalId(construct.node.defaultChild as never);
}

/** The statements of the relay role's policy. */
function relayStatements(stack: Stack, relay: EventRelay) {
  const roleId = logicalId(stack, relay.function.role as iam.Role);
  return Object.values(Template.fromStack(stack).findResources('AWS::IAM::Policy'))
    .filter((policy) => JSON.stringify(policy.Properties.Roles) === JSON.stringify([{ Ref: roleId }]))
    .flatMap(
      (policy) =>
        policy.Properties.PolicyDocument.Statement as Array<{ Action: string | string[]; Resource: unknown }>,
    );
}

describe('EventRelay', () => {
  it('maps the stream to the relay with the configured batching, parallelism and retries', () => {
    // Arrange
    const { stack, stream } = relayFixture({
      batchSize: 500,
      maxBatchingWindow: Duration.seconds(5),
      parallelizationFactor: 4,
      retryAttempts: 7,
    });

    // Act
    const template = Template.fromStack(stack);

    // Assert
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      EventSourceArn: stack.resolve(stream.streamArn),
      StartingPosition: 'TRIM_HORIZON',
      BatchSize: 500,
      MaximumBatchingWindowInSeconds: 5,
      ParallelizationFactor: 4,
      MaximumRetryAttempts: 7,
      BisectBatchOnFunctionError: true,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
    });
  });

  it('defaults the mapping to the config defaults: 100 records, 1 s window, factor 1, 3 retries', () => {
    // Act
    const template = Template.fromStack(relayFixture().stack);

    // Assert
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      BatchSize: 100,
      MaximumBatchingWindowInSeconds: 1,
      ParallelizationFactor: 1,
      MaximumRetryAttempts: 3,
    });
  });

  it('sends failed records to a KMS-encrypted, SSL-only failure queue kept 14 days', () => {
    // Arrange
    const { stack, relay, lakeKey } = relayFixture();
    const queueId = logicalId(stack, relay.failureQueue);

    // Act
    const template = Template.fromStack(stack);

    // Assert
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [queueId, 'Arn'] } } },
    });
    template.hasResourceProperties('AWS::SQS::Queue', {
      KmsMasterKeyId: stack.resolve(lakeKey.keyArn),
      MessageRetentionPeriod: 14 * 24 * 3600,
    });
    template.hasResourceProperties('AWS::SQS::QueuePolicy', {
      Queues: [{ Ref: queueId }],
      PolicyDocument: {
        Statement: [
          Match.objectLike({
            Effect: 'Deny',
            Action: 'sqs:*',
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          }),
        ],
      },
    });
  });

  it('alarms as soon as the failure queue holds a message', () => {
    // Arrange
    const { stack, relay } = relayFixture();

    // Act
    const template = Template.fromStack(stack);

    // Assert
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Namespace: 'AWS/SQS',
      Dimensions: [
        { Name: 'QueueName', Value: { 'Fn::GetAtt': [logicalId(stack, relay.failureQueue), 'QueueName'] } },
      ],
      ComparisonOperator: 'GreaterThanThreshold',
      Threshold: 0,
      EvaluationPeriods: 1,
      TreatMissingData: 'notBreaching',
    });
  });

  it('runs the relay in the VPC with the contract env: bootstrap servers, topic, IAM auth, service name', () => {
    // Arrange
    const { stack, kafka } = relayFixture({ serviceName: 'app-events-relay' });

    // Act
    const template = Template.fromStack(stack);

    // Assert
    template.hasResourceProperties('AWS::Lambda::Function', {
      Description: Match.stringLikeRegexp('to the Kafka topic app.events$'),
      VpcConfig: Match.objectLike({ SecurityGroupIds: Match.anyValue() }),
      Environment: {
        Variables: Match.objectLike({
          KAFKA_BOOTSTRAP_SERVERS: stack.resolve(kafka.bootstrapServers),
          KAFKA_TOPIC: 'app.events',
          KAFKA_AUTH: 'iam',
          STREAM_NAME: 'app-events',
          POWERTOOLS_METRICS_NAMESPACE: 'DataLake/marketplace',
          POWERTOOLS_SERVICE_NAME: 'app-events-relay',
        }),
      },
    });
  });

  it('is the cluster’s only client besides the topic function, on 9098', () => {
    // Arrange
    const { stack, kafka, relay } = relayFixture();
    const clusterGroup = stack.resolve(kafka.securityGroup.securityGroupId);

    // Act
    const ingress = Object.values(Template.fromStack(stack).findResources('AWS::EC2::SecurityGroupIngress'))
      .map((rule) => rule.Properties)
      .filter((rule) => JSON.stringify(rule.GroupId) === JSON.stringify(clusterGroup));

    // Assert
    expect(ingress.map((rule) => [rule.Description, rule.FromPort, rule.ToPort])).toEqual([
      ['Kafka topic custom resource', 9098, 9098],
      ['Relay of app.events', 9098, 9098],
    ]);
    expect(ingress[1]?.SourceSecurityGroupId).toEqual(
      stack.resolve(relay.function.connections.securityGroups[0]?.securityGroupId),
    );
  });

  it('starts the mapping only once the relay is let into the cluster', () => {
    // Arrange
    const { stack } = relayFixture();
    const template = Template.fromStack(stack);

    // Act
    const relayIngress = Object.entries(template.findResources('AWS::EC2::SecurityGroupIngress'))
      .filter(([, rule]) => rule.Properties.Description === 'Relay of app.events')
      .map(([id]) => id);
    const [mapping] = Object.values(template.findResources('AWS::Lambda::EventSourceMapping'));

    // Assert
    expect(relayIngress).toHaveLength(1);
    expect(mapping?.DependsOn).toEqual(expect.arrayContaining(relayIngress));
  });

  it('gives the relay role Kafka actions on its cluster and its topic only', () => {
    // Arrange
    const { stack, relay, kafka } = relayFixture();
    const clusterId = stack.getLogicalId(kafka.cluster);

    // Act
    const kafkaStatements = relayStatements(stack, relay).filter((s) =>
      [s.Action].flat().some((action) => action.startsWith('kafka')),
    );

    // Assert
    expect(kafkaStatements).toEqual([
      { Effect: 'Allow', Action: 'kafka-cluster:Connect', Resource: { 'Fn::GetAtt': [clusterId, 'Arn'] } },
      {
        Effect: 'Allow',
        Action: ['kafka-cluster:DescribeTopic', 'kafka-cluster:WriteData'],
        Resource: stack.resolve(kafka.topicArn('app.events')),
      },
    ]);
  });

  it('lets the relay read its stream', () => {
    // Arrange
    const { stack, relay, stream } = relayFixture();

    // Act
    const readStatement = relayStatements(stack, relay).find((s) =>
      [s.Action].flat().includes('kinesis:GetRecords'),
    );

    // Assert
    expect(readStatement?.Resource).toEqual(stack.resolve(stream.streamArn));
  });

  it('refuses mapping settings Lambda does not accept, all at once', () => {
    // Act
    const build = () =>
      relayFixture({
        batchSize: 0,
        parallelizationFactor: 11,
        retryAttempts: -1,
        maxBatchingWindow: Duration.minutes(6),
      });

    // Assert
    expect(build).toThrow(InvalidPropsError);
    expect(build).toThrow(
      /batchSize: got 0[\s\S]*parallelizationFactor: got 11[\s\S]*retryAttempts: got -1[\s\S]*maxBatchingWindow: got 6 minutes; allowed: at most 5 minutes/,
    );
  });

  it('passes cdk-nag AwsSolutions', () => {
    // Arrange
    const { app } = relayFixture();

    // Act / Assert
    expect(describeFindings(nagFindings(app))).toEqual([]);
  });
});
