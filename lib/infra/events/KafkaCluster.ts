import { CustomResource, Duration, RemovalPolicy, Stack, Token, Validations } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as msk from 'aws-cdk-lib/aws-msk';
import * as cr from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';
import { type ConfigIssue, InvalidPropsError } from '../../core/errors';
import type { KafkaTopicsEnvironment } from '../../tasks/kafkaTopics/kafkaTopicsSettingsSchema';
import { acknowledgeGrantWildcards } from '../compliance/acknowledgeGrantWildcards';
import { helperFunctionRole } from '../lambda/helperFunctionRole';
import { pipelineFunction } from '../lambda/pipelineFunction';
import { sdkCallResource } from '../lambda/sdkCallResource';
import { kafkaResourceArn } from './kafkaResourceArn';

/** The port of MSK's SASL/IAM listener (TLS): the only one a serverless cluster offers. */
export const MSK_IAM_PORT = 9098;

/** MSK's cluster name rule (CloudFormation: 1 to 64 characters; the API: letters, digits, `-`). */
const CLUSTER_NAME = /^[a-zA-Z0-9-]{1,64}$/;
/** Kafka's own topic name rule. */
const TOPIC_NAME = /^[a-zA-Z0-9._-]{1,249}$/;

/** Props of {@link KafkaCluster}. */
export interface KafkaClusterProps {
  /** The cluster name, unique in the account and region: letters, digits and `-`, at most 64. */
  readonly clusterName: string;
  /** The VPC the cluster's endpoints and the topic function go in. */
  readonly vpc: ec2.IVpc;
  /**
   * The subnets of `vpc` the cluster's endpoints and the topic function use (two or more zones).
   *
   * @default - the VPC's private subnets
   */
  readonly vpcSubnets?: ec2.SubnetSelection;
  /** The key the log groups of the cluster's helper functions are encrypted with. */
  readonly logEncryptionKey: kms.IKey;
  /**
   * How long the helper functions' log groups keep events.
   *
   * @default logs.RetentionDays.THREE_MONTHS
   */
  readonly logRetention?: logs.RetentionDays;
  /**
   * What happens to the cluster (and its topics and their events) and the log groups when they
   * leave the stack.
   *
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;
}

/** Options of {@link KafkaCluster.addTopic}. */
export interface KafkaTopicOptions {
  /** The topic name (Kafka's rule: 1 to 249 letters, digits, `.`, `_` or `-`). */
  readonly topicName: string;
  /**
   * Partitions of the topic. Raising it later adds partitions; lowering it fails the deploy,
   * because Kafka cannot remove partitions.
   */
  readonly partitions: number;
}

/**
 * An MSK Serverless cluster for the lake's events: in the VPC's private subnets, reachable only
 * with IAM authentication (SASL/IAM over TLS, port 9098) and only from the security groups
 * granted with {@link allowClientFrom}.
 *
 * MSK Serverless has no CloudFormation attribute for its bootstrap servers, so
 * {@link bootstrapServers} is read at deploy time by an `AwsCustomResource` calling
 * `kafka:GetBootstrapBrokers` on this cluster only. Topics are created by a custom resource
 * backed by the `kafka-topics` Lambda (a Kafka admin client inside the VPC): `AWS::MSK::Topic`
 * exists but MSK's topic API serves provisioned clusters only. A topic is created with its
 * partitions (replication is fixed by MSK Serverless), its partitions are raised when the count
 * grows and never lowered, and it is kept when the resource is deleted so no event is lost with
 * a stack.
 *
 * IAM grants are scoped to this cluster and the named topic or group: the cluster's UUID is cut
 * from its ARN at deploy time instead of using `*`.
 *
 * @example
 * ```ts
 * const kafka = new KafkaCluster(this, 'Kafka', { clusterName: 'lake-events', vpc, logEncryptionKey });
 * kafka.addTopic('AppEvents', { topicName: 'app.events', partitions: 6 });
 * kafka.allowClientFrom(relay);
 * kafka.grantProduce(relay, 'app.events');
 * ```
 */
export class KafkaCluster extends Construct implements ec2.IConnectable {
  /** The MSK Serverless cluster. */
  public readonly cluster: msk.CfnServerlessCluster;
  /** The cluster's ARN. */
  public readonly clusterArn: string;
  /** The cluster's name. */
  public readonly clusterName: string;
  /** The security group of the cluster's endpoints: ingress on 9098 from granted peers only. */
  public readonly securityGroup: ec2.SecurityGroup;
  /** The cluster's network connections, for {@link allowClientFrom}. */
  public readonly connections: ec2.Connections;
  /** The SASL/IAM bootstrap servers, `host:9098` separated by commas (a deploy-time token). */
  public readonly bootstrapServers: string;

  private readonly props: KafkaClusterProps;
  private readonly vpcSubnets: ec2.SubnetSelection;
  private topics?: { readonly provider: cr.Provider; readonly onEvent: lambda.IFunction };

  public constructor(scope: Construct, id: string, props: KafkaClusterProps) {
    super(scope, id);
    validateProps(this.node.path, props);
    this.props = props;
    this.clusterName = props.clusterName;
    this.vpcSubnets = props.vpcSubnets ?? { subnetType: ec2.SubnetType.PRIVATE_ISOLATED };

    this.securityGroup = new ec2.SecurityGroup(this, 'SecurityGroup', {
      vpc: props.vpc,
      description: `MSK Serverless ${props.clusterName}: SASL/IAM (${MSK_IAM_PORT}) from its granted clients only`,
      allowAllOutbound: false,
    });
    this.connections = new ec2.Connections({
      securityGroups: [this.securityGroup],
      defaultPort: ec2.Port.tcp(MSK_IAM_PORT),
    });

    this.cluster = new msk.CfnServerlessCluster(this, 'Resource', {
      clusterName: props.clusterName,
      clientAuthentication: { sasl: { iam: { enabled: true } } },
      vpcConfigs: [
        {
          subnetIds: props.vpc.selectSubnets(this.vpcSubnets).subnetIds,
          securityGroups: [this.securityGroup.securityGroupId],
        },
      ],
    });
    this.cluster.applyRemovalPolicy(props.removalPolicy ?? RemovalPolicy.RETAIN);
    this.clusterArn = this.cluster.attrArn;
    this.bootstrapServers = this.readBootstrapServers();
  }

  /**
   * Lets `peer` reach the cluster on the SASL/IAM port (9098), and nothing else. Connecting
   * still needs an IAM grant ({@link grantProduce}, {@link grantConsume}).
   *
   * @param peer the client, e.g. a Lambda function in the VPC
   */
  public allowClientFrom(peer: ec2.IConnectable, description = 'Kafka client (SASL/IAM)'): void {
    this.connections.allowDefaultPortFrom(peer, description);
  }

  /**
   * Creates a topic on the cluster at deploy time (see the class description for update and
   * delete behaviour).
   *
   * @returns the custom resource; `getAttString('Partitions')` is the count after deploy
   */
  public addTopic(id: string, options: KafkaTopicOptions): CustomResource {
    validateTopic(`${this.node.path}/${id}`, options);
    const { provider, onEvent } = this.topicResources();
    this.grantCreateTopics(onEvent, [options.topicName]);
    const topic = new CustomResource(this, id, {
      serviceToken: provider.serviceToken,
      resourceType: 'Custom::KafkaTopic',
      properties: {
        TopicName: options.topicName,
        Partitions: options.partitions,
        BootstrapServers: this.bootstrapServers,
      },
      // The topic function keeps topics on Delete whatever this says; RETAIN states it.
      removalPolicy: RemovalPolicy.RETAIN,
    });
    // The security group's subtree holds its ingress rules: the function must be let in first.
    topic.node.addDependency(this.securityGroup);
    return topic;
  }

  /**
   * Grants producing to one topic: `kafka-cluster:Connect` on this cluster, and
   * `kafka-cluster:DescribeTopic` and `kafka-cluster:WriteData` on the topic.
   *
   * @example
   * ```ts
   * kafka.grantProduce(relayFunction, 'app.events');
   * ```
   */
  public grantProduce(grantee: iam.IGrantable, topicName: string): iam.Grant {
    return this.grantConnect(grantee).combine(
      iam.Grant.addToPrincipal({
        grantee,
        actions: ['kafka-cluster:DescribeTopic', 'kafka-cluster:WriteData'],
        resourceArns: [this.topicArn(topicName)],
      }),
    );
  }

  /**
   * Grants consuming one topic in consumer groups whose names start with `groupPrefix`:
   * `kafka-cluster:Connect` on this cluster, `DescribeTopic` and `ReadData` on the topic, and
   * `DescribeGroup` and `AlterGroup` on `<groupPrefix>*`.
   *
   * @example
   * ```ts
   * kafka.grantConsume(analyticsRole, 'app.events', 'analytics-');
   * ```
   */
  public grantConsume(grantee: iam.IGrantable, topicName: string, groupPrefix: string): iam.Grant {
    const groupArn = kafkaResourceArn(this, this.clusterArn, this.clusterName, 'group', `${groupPrefix}*`);
    const grant = this.grantConnect(grantee)
      .combine(
        iam.Grant.addToPrincipal({
          grantee,
          actions: ['kafka-cluster:DescribeTopic', 'kafka-cluster:ReadData'],
          resourceArns: [this.topicArn(topicName)],
        }),
      )
      .combine(
        iam.Grant.addToPrincipal({
          grantee,
          actions: ['kafka-cluster:DescribeGroup', 'kafka-cluster:AlterGroup'],
          resourceArns: [groupArn],
        }),
      );
    acknowledgeGrantWildcards(
      grantee,
      grant,
      `Consumer groups named ${groupPrefix}* of one MSK cluster: the wildcard is the group name prefix.`,
    );
    return grant;
  }

  /**
   * Grants creating the named topics and raising their partitions: `kafka-cluster:Connect` on
   * this cluster, and `CreateTopic`, `DescribeTopic` and `AlterTopic` on those topics only.
   */
  public grantCreateTopics(grantee: iam.IGrantable, topicNames: readonly string[]): iam.Grant {
    return this.grantConnect(grantee).combine(
      iam.Grant.addToPrincipal({
        grantee,
        actions: ['kafka-cluster:CreateTopic', 'kafka-cluster:DescribeTopic', 'kafka-cluster:AlterTopic'],
        resourceArns: topicNames.map((name) => this.topicArn(name)),
      }),
    );
  }

  /** The ARN IAM authorization gives a topic of this cluster. */
  public topicArn(topicName: string): string {
    return kafkaResourceArn(this, this.clusterArn, this.clusterName, 'topic', topicName);
  }

  private grantConnect(grantee: iam.IGrantable): iam.Grant {
    return iam.Grant.addToPrincipal({
      grantee,
      actions: ['kafka-cluster:Connect'],
      resourceArns: [this.clusterArn],
    });
  }

  /** `kafka:GetBootstrapBrokers` at deploy time: MSK Serverless has no attribute for them. */
  private readBootstrapServers(): string {
    const brokers = sdkCallResource(this, 'BootstrapBrokers', {
      call: {
        service: 'Kafka',
        action: 'GetBootstrapBrokers',
        parameters: { ClusterArn: this.clusterArn },
        physicalResourceId: cr.PhysicalResourceId.of(this.clusterArn),
        outputPaths: ['BootstrapBrokerStringSaslIam'],
      },
      resources: [this.clusterArn],
      description: `Reads the bootstrap servers of the MSK cluster ${this.clusterName}`,
      logEncryptionKey: this.props.logEncryptionKey,
      logRetention: this.props.logRetention ?? logs.RetentionDays.THREE_MONTHS,
      removalPolicy: this.props.removalPolicy ?? RemovalPolicy.RETAIN,
    });
    return brokers.getResponseField('BootstrapBrokerStringSaslIam');
  }

  /** The topic function and its Provider, made once for all topics of the cluster. */
  private topicResources(): { readonly provider: cr.Provider; readonly onEvent: lambda.IFunction } {
    if (this.topics) return this.topics;
    const removalPolicy = this.props.removalPolicy ?? RemovalPolicy.RETAIN;
    const onEvent = pipelineFunction(this, 'TopicsFunction', {
      name: 'kafka-topics',
      pipeline: 'events',
      description: `Creates the Kafka topics of ${this.clusterName} and raises their partitions`,
      memorySize: 256,
      timeout: Duration.minutes(2),
      environment: {} satisfies KafkaTopicsEnvironment,
      logRetention: this.props.logRetention ?? logs.RetentionDays.THREE_MONTHS,
      logEncryptionKey: this.props.logEncryptionKey,
      removalPolicy,
      vpc: this.props.vpc,
      vpcSubnets: this.vpcSubnets,
    });
    this.allowClientFrom(onEvent, 'Kafka topic custom resource');
    const logGroup = this.logGroup('TopicsProviderLogs');
    const frameworkRole = helperFunctionRole(
      this,
      'TopicsProviderRole',
      logGroup,
      `Relays topic events to the topic function of the MSK cluster ${this.clusterName}`,
    );
    const provider = new cr.Provider(this, 'TopicsProvider', {
      onEventHandler: onEvent,
      frameworkOnEventRole: frameworkRole,
      logGroup,
    });
    const functionId = Stack.of(this).getLogicalId(onEvent.node.defaultChild as lambda.CfnFunction);
    Validations.of(frameworkRole).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${functionId}.Arn>:*]`,
      reason:
        'The Provider framework invokes the topic function and its versions: one function, any version.',
    });
    this.topics = { provider, onEvent };
    return this.topics;
  }

  private logGroup(id: string): logs.LogGroup {
    return new logs.LogGroup(this, id, {
      retention: this.props.logRetention ?? logs.RetentionDays.THREE_MONTHS,
      encryptionKey: this.props.logEncryptionKey,
      removalPolicy: this.props.removalPolicy ?? RemovalPolicy.RETAIN,
    });
  }
}

function validateProps(constructPath: string, props: KafkaClusterProps): void {
  const { clusterName } = props;
  if (!Token.isUnresolved(clusterName) && !CLUSTER_NAME.test(clusterName)) {
    throw new InvalidPropsError(constructPath, [
      {
        path: 'clusterName',
        message: `got '${clusterName}'; allowed: 1 to 64 letters, digits or '-'`,
      },
    ]);
  }
}

function validateTopic(constructPath: string, options: KafkaTopicOptions): void {
  const issues: ConfigIssue[] = [];
  if (!Token.isUnresolved(options.topicName) && !TOPIC_NAME.test(options.topicName)) {
    issues.push({
      path: 'topicName',
      message: `got '${options.topicName}'; allowed: 1 to 249 letters, digits, '.', '_' or '-'`,
    });
  }
  if (
    !Token.isUnresolved(options.partitions) &&
    !(Number.isInteger(options.partitions) && options.partitions >= 1)
  ) {
    issues.push({
      path: 'partitions',
      message: `got ${options.partitions}; allowed: a whole number, at least 1`,
    });
  }
  if (issues.length > 0) throw new InvalidPropsError(constructPath, issues);
}
