import * as chatbot from 'aws-cdk-lib/aws-chatbot';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';

/** A Slack channel AWS Chatbot posts the topic's messages to. */
export interface AlertSlackChannel {
  /** The Slack workspace (team) id, authorized in the AWS Chatbot console beforehand. */
  readonly workspaceId: string;
  /** The Slack channel id. */
  readonly channelId: string;
}

/** Props of {@link AlertTopic}. */
export interface AlertTopicProps {
  /**
   * Encrypts the messages at rest: the lake's operations key. Its policy must let CloudWatch
   * alarms and EventBridge use it (see `DataLakeStorage.operationsKey`), or their notifications
   * are dropped.
   */
  readonly encryptionKey: kms.IKey;
  /**
   * The topic's name.
   *
   * @default - a name CloudFormation generates
   */
  readonly topicName?: string;
  /**
   * Email addresses subscribed; each confirms the subscription mail once.
   *
   * @default - none
   */
  readonly emails?: readonly string[];
  /**
   * HTTPS endpoints subscribed; each confirms the SubscriptionConfirmation SNS posts.
   *
   * @default - none
   */
  readonly httpsEndpoints?: readonly string[];
  /**
   * A Slack channel the alarms are posted to through AWS Chatbot.
   *
   * @default - none
   */
  readonly slack?: AlertSlackChannel;
}

/**
 * The one SNS topic a lake's alarms and failure messages go to, so they reach a person: encrypted
 * with the given key, publishable over TLS only (`enforceSSL`), subscribed by email, HTTPS or a
 * Slack channel (AWS Chatbot).
 *
 * @example
 * ```ts
 * const alerts = new AlertTopic(this, 'Alerts', { encryptionKey: storage.operationsKey, emails: ['oncall@example.com'] });
 * alarm.addAlarmAction(new cloudwatchActions.SnsAction(alerts.topic));
 * ```
 */
export class AlertTopic extends Construct {
  /** The topic alarms and rules notify. */
  public readonly topic: sns.Topic;
  /** The Chatbot channel configuration; only with `slack`. */
  public readonly slackChannel?: chatbot.SlackChannelConfiguration;

  public constructor(scope: Construct, id: string, props: AlertTopicProps) {
    super(scope, id);
    this.topic = new sns.Topic(this, 'Resource', {
      topicName: props.topicName,
      displayName: props.topicName,
      masterKey: props.encryptionKey,
      enforceSSL: true,
    });
    for (const email of props.emails ?? []) {
      this.topic.addSubscription(new subscriptions.EmailSubscription(email));
    }
    for (const url of props.httpsEndpoints ?? []) {
      this.topic.addSubscription(
        new subscriptions.UrlSubscription(url, { protocol: sns.SubscriptionProtocol.HTTPS }),
      );
    }
    if (props.slack) {
      this.slackChannel = new chatbot.SlackChannelConfiguration(this, 'Slack', {
        slackChannelConfigurationName: `${props.topicName ?? 'datalake-alerts'}`.slice(0, 128),
        slackWorkspaceId: props.slack.workspaceId,
        slackChannelId: props.slack.channelId,
        notificationTopics: [this.topic],
        // Without guardrails Chatbot applies AdministratorAccess as the channel's guardrail; the
        // channel only posts alarms, so cap what its members could ever run at reading CloudWatch.
        guardrailPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName('CloudWatchReadOnlyAccess')],
      });
    }
  }
}
