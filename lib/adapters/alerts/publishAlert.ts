import { PublishCommand, type SNSClient } from '@aws-sdk/client-sns';

/** A message for the lake's alert topic. */
export interface Alert {
  /** The e-mail subject: less than 100 characters, one line ("Publish", Amazon SNS API Reference). */
  readonly subject: string;
  /** Plain text, at most 256 KB. */
  readonly body: string;
}

/**
 * Publishes `alert` to the SNS topic `topicArn` (Publish: `Subject` is the e-mail subject, `Message`
 * the text every protocol gets) and returns the message id.
 *
 * @example
 * ```ts
 * await publishAlert(new SNSClient({}), 'arn:aws:sns:eu-west-1:123456789012:marketplace-alerts', { subject, body });
 * ```
 */
export async function publishAlert(client: SNSClient, topicArn: string, alert: Alert): Promise<string> {
  const published = await client.send(
    new PublishCommand({ TopicArn: topicArn, Subject: alert.subject, Message: alert.body }),
  );
  return published.MessageId ?? '';
}
