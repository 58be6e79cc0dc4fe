import type { Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { InvalidPropsError } from '../../../lib/core/errors';
import { KafkaCluster } from '../../../lib/infra/events/KafkaCluster';
import { describeFindings, nagFindings } from '../../helpers/nag';
import { kafkaFixture, vpcClient } from './kafkaFixture';

/** The ARN a policy gives `<kind>/lake-events/<uuid>/<name>`, the UUID cut from the cluster's ARN. */
function kafkaArn(clusterId: string, kind: string, name: string) {
  const clusterUuid = { 'Fn::Select': [2, { 'Fn::Split': ['/', { 'Fn::GetAtt': [clusterId, 'Arn'] }] }] };
  return {
    'Fn::Join': [
      '',
      [
        'arn:',
        { Ref: 'AWS::Partition' },
        `:kafka:eu-west-1:123456789012:${kind}/lake-events/`,
        clusterUuid,
        `/${name}`,
      ],
    ],
  };
}

function clusterLogicalId(stack: Stack, kafka: KafkaCluster): string {
  return stack.getLogicalId(kafka.cluster);
}

/** Every statement of every IAM policy of the stack. */
function statements(stack: Stack): Array<{ Action: string | string[]; Resource: unknown }> {
  return Object.values(Template.fromStack(stack).findResources('AWS::IAM::Policy')).flatMap(
    (policy) => policy.Properties.PolicyDocument.Statement,
  );
}

describe('KafkaCluster', () => {
  it('is an MSK Serverless cluster in the private subnets with IAM client authentication', () => {
    // Arrange
    const { stack, network } = kafkaFixture();
    const subnets = network.vpc.isolatedSubnets.map((subnet) => ({
      Ref: stack.resolve(subnet.subnetId).Ref,
    }));

    // Act
    const template = Template.fromStack(stack);

    // Assert
    template.resourceCountIs('AWS::MSK::ServerlessCluster', 1);
    template.hasResourceProperties('AWS::MSK::ServerlessCluster', {
      ClusterName: 'lake-events',
      ClientAuthentication: { Sasl: { Iam: { Enabled: true } } },
      VpcConfigs: [{ SubnetIds: subnets, SecurityGroups: [{ 'Fn::GetAtt': [Match.anyValue(), 'GroupId'] }] }],
    });
    expect(subnets).toHaveLength(2);
  });

  it('retains the cluster (and the events in its topics) by default', () => {
    // Act
    const template = Template.fromStack(kafkaFixture().stack);

    // Assert
    template.hasResource('AWS::MSK::ServerlessCluster', {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
    });
  });

  it('admits only the granted client’s security group, on 9098 only, and has no egress', () => {
    // Arrange
    const { stack, network, kafka } = kafkaFixture();
    const client = vpcClient(stack, network);

    // Act
    kafka.allowClientFrom(client);
    const template = Template.fromStack(stack);

    // Assert
    const clusterGroup = stack.resolve(kafka.securityGroup.securityGroupId);
    const ingress = Object.values(template.findResources('AWS::EC2::SecurityGroupIngress'))
      .map((rule) => rule.Properties)
      .filter((rule) => JSON.stringify(rule.GroupId) === JSON.stringify(clusterGroup));
    expect(ingress).toEqual([
      {
        IpProtocol: 'tcp',
        FromPort: 9098,
        ToPort: 9098,
        GroupId: clusterGroup,
        SourceSecurityGroupId: stack.resolve(client.connections.securityGroups[0]?.securityGroupId),
        Description: 'Kafka client (SASL/IAM)',
      },
    ]);
    template.hasResourceProperties('AWS::EC2::SecurityGroup', {
      GroupDescription: Match.stringLikeRegexp('^MSK Serverless lake-events'),
      SecurityGroupIngress: Match.absent(),
      SecurityGroupEgress: [
        Match.objectLike({ CidrIp: '255.255.255.255/32', Description: 'Disallow all traffic' }),
      ],
    });
  });

  it('reads the SASL/IAM bootstrap servers with kafka:GetBootstrapBrokers on this cluster only', () => {
    // Arrange
    const { stack, kafka } = kafkaFixture();
    const clusterId = clusterLogicalId(stack, kafka);

    // Act
    const template = Template.fromStack(stack);

    // Assert
    template.hasResourceProperties('Custom::AWS', {
      Create: {
        'Fn::Join': ['', Match.arrayWith([Match.stringLikeRegexp('"action":"GetBootstrapBrokers"')])],
      },
    });
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: [
          {
            Effect: 'Allow',
            Action: 'kafka:GetBootstrapBrokers',
            Resource: { 'Fn::GetAtt': [clusterId, 'Arn'] },
          },
        ],
      },
    });
    expect(stack.resolve(kafka.bootstrapServers)).toEqual({
      'Fn::GetAtt': [expect.stringMatching(/^KafkaBootstrapBrokers/), 'BootstrapBrokerStringSaslIam'],
    });
  });

  it('creates each topic through the topic custom resource with its name, partitions and the bootstrap servers', () => {
    // Arrange
    const { stack, kafka } = kafkaFixture();

    // Act
    kafka.addTopic('AppEvents', { topicName: 'app.events', partitions: 6 });
    kafka.addTopic('Orders', { topicName: 'orders', partitions: 12 });
    const template = Template.fromStack(stack);

    // Assert
    const topics = Object.values(template.findResources('Custom::KafkaTopic')).map((resource) => ({
      name: resource.Properties.TopicName,
      partitions: resource.Properties.Partitions,
      bootstrap: resource.Properties.BootstrapServers,
    }));
    expect(topics).toEqual([
      { name: 'app.events', partitions: 6, bootstrap: stack.resolve(kafka.bootstrapServers) },
      { name: 'orders', partitions: 12, bootstrap: stack.resolve(kafka.bootstrapServers) },
    ]);
  });

  it('creates a topic only once the topic function is let into the cluster', () => {
    // Arrange
    const { stack, kafka } = kafkaFixture();

    // Act
    kafka.addTopic('AppEvents', { topicName: 'app.events', partitions: 6 });
    const template = Template.fromStack(stack);

    // Assert
    const [ingressId] = Object.keys(
      template.findResources('AWS::EC2::SecurityGroupIngress', { Properties: { FromPort: 9098 } }),
    );
    const [topic] = Object.values(template.findResources('Custom::KafkaTopic'));
    expect(ingressId).toBeDefined();
    expect(topic?.DependsOn).toEqual(expect.arrayContaining([ingressId]));
  });

  it('runs the topic function in the VPC, admitted by the cluster, allowed to create only the added topics', () => {
    // Arrange
    const { stack, kafka } = kafkaFixture();

    // Act
    kafka.addTopic('AppEvents', { topicName: 'app.events', partitions: 6 });
    kafka.addTopic('Orders', { topicName: 'orders', partitions: 12 });
    const template = Template.fromStack(stack);

    // Assert
    template.hasResourceProperties('AWS::Lambda::Function', {
      Description: Match.stringLikeRegexp('^Creates the Kafka topics of lake-events'),
      VpcConfig: Match.objectLike({ SubnetIds: Match.anyValue() }),
    });
    template.hasResourceProperties('AWS::EC2::SecurityGroupIngress', {
      FromPort: 9098,
      Description: 'Kafka topic custom resource',
    });
    const clusterId = clusterLogicalId(stack, kafka);
    const topicStatements = statements(stack).filter((s) =>
      [s.Action].flat().includes('kafka-cluster:CreateTopic'),
    );
    expect(topicStatements).toEqual([
      {
        Effect: 'Allow',
        Action: ['kafka-cluster:CreateTopic', 'kafka-cluster:DescribeTopic', 'kafka-cluster:AlterTopic'],
        Resource: kafkaArn(clusterId, 'topic', 'app.events'),
      },
      {
        Effect: 'Allow',
        Action: ['kafka-cluster:CreateTopic', 'kafka-cluster:DescribeTopic', 'kafka-cluster:AlterTopic'],
        Resource: kafkaArn(clusterId, 'topic', 'orders'),
      },
    ]);
  });

  it("lets the topic function's security group send only to the cluster, on 9098", () => {
    // Arrange
    const { stack, kafka } = kafkaFixture();

    // Act
    kafka.addTopic('AppEvents', { topicName: 'app.events', partitions: 6 });

    // Assert
    const template = Template.fromStack(stack);
    const [fn] = Object.values(
      template.findResources('AWS::Lambda::Function', {
        Properties: { Description: Match.stringLikeRegexp('^Creates the Kafka topics') },
      }),
    );
    const [groupRef] = fn.Properties.VpcConfig.SecurityGroupIds;
    const group = template.toJSON().Resources[groupRef['Fn::GetAtt'][0]];
    const egress = Object.values(
      template.findResources('AWS::EC2::SecurityGroupEgress', { Properties: { GroupId: groupRef } }),
    );
    expect(group.Properties.SecurityGroupEgress).toBeUndefined();
    expect(egress.map((rule) => rule.Properties)).toEqual([
      {
        GroupId: groupRef,
        DestinationSecurityGroupId: stack.resolve(kafka.securityGroup.securityGroupId),
        IpProtocol: 'tcp',
        FromPort: 9098,
        ToPort: 9098,
        Description: 'Kafka topic custom resource',
      },
    ]);
  });

  it('grants a producer Connect on the cluster and DescribeTopic + WriteData on its topic, nothing else', () => {
    // Arrange
    const { stack, kafka } = kafkaFixture();
    const role = new iam.Role(stack, 'Producer', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
    });

    // Act
    kafka.grantProduce(role, 'app.events');

    // Assert
    const clusterId = clusterLogicalId(stack, kafka);
    Template.fromStack(stack).hasResourceProperties('AWS::IAM::Policy', {
      Roles: [{ Ref: stack.getLogicalId(role.node.defaultChild as iam.CfnRole) }],
      PolicyDocument: {
        Statement: [
          {
            Effect: 'Allow',
            Action: 'kafka-cluster:Connect',
            Resource: { 'Fn::GetAtt': [clusterId, 'Arn'] },
          },
          {
            Effect: 'Allow',
            Action: ['kafka-cluster:DescribeTopic', 'kafka-cluster:WriteData'],
            Resource: kafkaArn(clusterId, 'topic', 'app.events'),
          },
        ],
      },
    });
  });

  it('grants a consumer its topic and the consumer groups of its prefix only', () => {
    // Arrange
    const { stack, kafka } = kafkaFixture();
    const role = new iam.Role(stack, 'Consumer', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
    });

    // Act
    kafka.grantConsume(role, 'app.events', 'analytics-');

    // Assert
    const clusterId = clusterLogicalId(stack, kafka);
    Template.fromStack(stack).hasResourceProperties('AWS::IAM::Policy', {
      Roles: [{ Ref: stack.getLogicalId(role.node.defaultChild as iam.CfnRole) }],
      PolicyDocument: {
        Statement: [
          {
            Effect: 'Allow',
            Action: 'kafka-cluster:Connect',
            Resource: { 'Fn::GetAtt': [clusterId, 'Arn'] },
          },
          {
            Effect: 'Allow',
            Action: ['kafka-cluster:DescribeTopic', 'kafka-cluster:ReadData'],
            Resource: kafkaArn(clusterId, 'topic', 'app.events'),
          },
          {
            Effect: 'Allow',
            Action: ['kafka-cluster:DescribeGroup', 'kafka-cluster:AlterGroup'],
            Resource: kafkaArn(clusterId, 'group', 'analytics-*'),
          },
        ],
      },
    });
  });

  it('never grants a kafka-cluster wildcard action or a wildcard cluster', () => {
    // Arrange
    const { stack, network, kafka } = kafkaFixture();
    kafka.addTopic('AppEvents', { topicName: 'app.events', partitions: 6 });
    kafka.grantProduce(vpcClient(stack, network), 'app.events');

    // Act
    const kafkaStatements = statements(stack).filter((s) =>
      [s.Action].flat().some((a) => a.startsWith('kafka')),
    );

    // Assert
    expect(kafkaStatements.length).toBeGreaterThan(0);
    for (const statement of kafkaStatements) {
      expect([statement.Action].flat().filter((action) => action.includes('*'))).toEqual([]);
      expect(JSON.stringify(statement.Resource)).not.toMatch(/"\*"|lake-events\/\*/);
    }
  });

  it('refuses a cluster name MSK does not accept, naming the prop and the value', () => {
    // Arrange
    const { stack, network } = kafkaFixture();
    const logEncryptionKey = new kms.Key(stack, 'Key');

    // Act
    const build = () =>
      new KafkaCluster(stack, 'Bad', { clusterName: 'lake_events!', vpc: network.vpc, logEncryptionKey });

    // Assert
    expect(build).toThrow(
      new InvalidPropsError('Events/Bad', [
        { path: 'clusterName', message: "got 'lake_events!'; allowed: 1 to 64 letters, digits or '-'" },
      ]),
    );
  });

  it('refuses a topic name Kafka does not accept and a partition count below 1, together', () => {
    // Arrange
    const { kafka } = kafkaFixture();

    // Act
    const add = () => kafka.addTopic('Bad', { topicName: 'app events', partitions: 0 });

    // Assert
    expect(add).toThrow(
      /topicName: got 'app events'[\s\S]*partitions: got 0; allowed: a whole number, at least 1/,
    );
  });

  it('adds no cdk-nag AwsSolutions finding of its own, with a topic and a producer', () => {
    // Arrange
    const { app, stack, network, kafka } = kafkaFixture();
    kafka.addTopic('AppEvents', { topicName: 'app.events', partitions: 6 });
    const client = vpcClient(stack, network);
    kafka.allowClientFrom(client);
    kafka.grantProduce(client, 'app.events');

    // Act / Assert
    expect(describeFindings(nagFindings(app)).filter((f) => f.includes('/Kafka/'))).toEqual([]);
  });
});
