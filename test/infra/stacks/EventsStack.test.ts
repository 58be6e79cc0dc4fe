import { Match, Template } from 'aws-cdk-lib/assertions';
import type { DataLakeConfig } from '../../../lib/config';
import { EventsStack } from '../../../lib/infra/stacks/EventsStack';
import { FoundationStack } from '../../../lib/infra/stacks/FoundationStack';
import { parsedConfig, validStream } from '../../helpers/configFactory';
import { describeFindings, nagFindings } from '../../helpers/nag';
import { TEST_ENV, testApp } from '../../helpers/testApp';

/** Two streams: app-events (defaults, private) and web (public clients, custom relay settings). */
function twoStreams(): DataLakeConfig {
  return parsedConfig({
    streams: [
      validStream({ kafkaPartitions: 6 }),
      validStream({
        name: 'web',
        kafkaTopic: 'web.events',
        kafkaPartitions: 12,
        capacity: 'provisioned',
        shardCount: 2,
        retentionHours: 48,
        publicClients: true,
        relay: { batchSize: 500, maxBatchingWindowSeconds: 5, parallelizationFactor: 2, maxRetryAttempts: 7 },
      }),
    ],
  });
}

function eventsStack(config: DataLakeConfig) {
  const app = testApp();
  const foundation = new FoundationStack(app, 'Foundation', { env: TEST_ENV, config });
  const stack = new EventsStack(app, 'Events', { env: TEST_ENV, config, foundation });
  return { app, foundation, stack };
}

describe('EventsStack', () => {
  it('builds one Kinesis stream, topic, relay mapping and archive per configured stream on one shared cluster', () => {
    // Act
    const { stack } = eventsStack(twoStreams());
    const template = Template.fromStack(stack);

    // Assert
    template.resourceCountIs('AWS::MSK::ServerlessCluster', 1);
    template.resourceCountIs('AWS::Kinesis::Stream', 2);
    template.resourceCountIs('Custom::KafkaTopic', 2);
    template.resourceCountIs('AWS::Lambda::EventSourceMapping', 2);
    template.resourceCountIs('AWS::KinesisFirehose::DeliveryStream', 2);
    template.hasResourceProperties('AWS::MSK::ServerlessCluster', { ClusterName: 'testlake-events' });
  });

  it('names each Kinesis stream after the lake and maps its capacity and retention', () => {
    // Act
    const { stack } = eventsStack(twoStreams());
    const template = Template.fromStack(stack);

    // Assert
    template.hasResourceProperties('AWS::Kinesis::Stream', {
      Name: 'testlake-app-events',
      StreamModeDetails: { StreamMode: 'ON_DEMAND' },
      RetentionPeriodHours: 24,
    });
    template.hasResourceProperties('AWS::Kinesis::Stream', {
      Name: 'testlake-web',
      StreamModeDetails: { StreamMode: 'PROVISIONED' },
      ShardCount: 2,
      RetentionPeriodHours: 48,
    });
  });

  it('creates each stream’s topic with its configured partitions', () => {
    // Act
    const { stack } = eventsStack(twoStreams());
    const template = Template.fromStack(stack);

    // Assert
    const topics = Object.values(template.findResources('Custom::KafkaTopic')).map((topic) => [
      topic.Properties.TopicName,
      topic.Properties.Partitions,
    ]);
    expect(topics).toEqual([
      ['app.events', 6],
      ['web.events', 12],
    ]);
  });

  it('starts each relay mapping only after its topic exists', () => {
    // Arrange
    const { stack } = eventsStack(twoStreams());
    const template = Template.fromStack(stack);

    // Act
    const mappings = stack.streams.map((parts) => ({
      topic: stack.getLogicalId(parts.topic.node.defaultChild as never),
      dependsOn: template.toJSON().Resources[
        stack.getLogicalId(parts.relay.eventSourceMapping.node.defaultChild as never)
      ].DependsOn as string[],
    }));

    // Assert
    for (const { topic, dependsOn } of mappings) expect(dependsOn).toContain(topic);
  });

  it('sets each relay mapping from the stream’s relay config', () => {
    // Act
    const { stack } = eventsStack(twoStreams());
    const template = Template.fromStack(stack);
    const [appEvents, web] = stack.streams;

    // Assert
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      EventSourceArn: stack.resolve(appEvents?.stream.streamArn),
      BatchSize: 100,
      MaximumBatchingWindowInSeconds: 1,
      ParallelizationFactor: 1,
      MaximumRetryAttempts: 3,
    });
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      EventSourceArn: stack.resolve(web?.stream.streamArn),
      BatchSize: 500,
      MaximumBatchingWindowInSeconds: 5,
      ParallelizationFactor: 2,
      MaximumRetryAttempts: 7,
    });
  });

  it('gives only the publicClients stream a Cognito identity pool, and outputs its id', () => {
    // Act
    const { stack } = eventsStack(twoStreams());
    const template = Template.fromStack(stack);

    // Assert
    template.resourceCountIs('AWS::Cognito::IdentityPool', 1);
    const outputs = Object.keys(template.findOutputs('*'));
    expect(outputs.filter((name) => name.includes('IdentityPoolId'))).toEqual([
      expect.stringMatching(/^webIdentityPoolId/),
    ]);
  });

  it('outputs each stream’s name, ARN and relay failure queue URL (datalake replay --queue-url) and the cluster’s bootstrap servers and ARN', () => {
    // Act
    const { stack } = eventsStack(twoStreams());
    const template = Template.fromStack(stack);

    // Assert
    template.hasOutput('*', { Value: stack.resolve(stack.streams[0]?.stream.streamName) });
    template.hasOutput('*', { Value: stack.resolve(stack.streams[1]?.stream.streamArn) });
    for (const { relay } of stack.streams) {
      template.hasOutput('*', { Value: stack.resolve(relay.failureQueue.queueUrl) });
    }
    template.hasOutput('KafkaBootstrapServers', {
      Value: {
        'Fn::GetAtt': [Match.stringLikeRegexp('^KafkaBootstrapBrokers'), 'BootstrapBrokerStringSaslIam'],
      },
    });
    template.hasOutput('KafkaClusterArn', { Value: stack.resolve(stack.kafka.clusterArn) });
  });

  it('puts the cluster in the foundation’s private subnets', () => {
    // Act
    const { stack } = eventsStack(twoStreams());
    const template = Template.fromStack(stack);

    // Assert
    template.hasResourceProperties('AWS::MSK::ServerlessCluster', {
      VpcConfigs: [
        {
          SubnetIds: [
            { 'Fn::ImportValue': Match.stringLikeRegexp('IsolatedSubnet1') },
            { 'Fn::ImportValue': Match.stringLikeRegexp('IsolatedSubnet2') },
          ],
          SecurityGroups: Match.anyValue(),
        },
      ],
    });
  });

  it('lets each relay produce only to its own topic', () => {
    // Arrange
    const { stack } = eventsStack(twoStreams());
    const template = Template.fromStack(stack);

    // Act
    const writers = Object.values(template.findResources('AWS::IAM::Policy')).flatMap((policy) =>
      (policy.Properties.PolicyDocument.Statement as Array<{ Action: string | string[]; Resource: unknown }>)
        .filter((s) => [s.Action].flat().includes('kafka-cluster:WriteData'))
        .map((s) => ({ roles: policy.Properties.Roles, resource: s.Resource })),
    );

    // Assert
    expect(writers).toEqual(
      stack.streams.map((parts) => ({
        roles: [{ Ref: stack.getLogicalId(parts.relay.function.role?.node.defaultChild as never) }],
        resource: stack.resolve(stack.kafka.topicArn(parts.config.kafkaTopic)),
      })),
    );
  });

  it('passes cdk-nag AwsSolutions across the foundation and events stacks', () => {
    // Arrange
    const { app } = eventsStack(twoStreams());

    // Act / Assert
    expect(describeFindings(nagFindings(app))).toEqual([]);
  });
});
