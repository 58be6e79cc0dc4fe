import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import type * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';

/** Props of {@link ArchiveErrorNotification}. */
export interface ArchiveErrorNotificationProps {
  /** The bucket the archives write to; its S3 events are turned on for EventBridge here. */
  readonly bucket: s3.Bucket;
  /** The key prefixes Firehose writes records it could not archive under, one per stream. */
  readonly errorPrefixes: readonly string[];
  /** Where the notification goes: the lake's alert topic. */
  readonly topic: sns.ITopic;
}

/**
 * Tells the alert topic when an archive writes under its error prefix: Firehose puts there the
 * records it could not convert or deliver (after its retries), which are then missing from the
 * events table. S3 sends its object events to EventBridge once the bucket has EventBridge turned
 * on ("Using EventBridge", Amazon S3 User Guide: `Object Created` events with
 * `detail.bucket.name` and `detail.object.key`); a rule on the error prefixes publishes a
 * readable line to the topic. One message per object: Firehose writes a few large error objects,
 * not one per record.
 *
 * @example
 * ```ts
 * new ArchiveErrorNotification(this, 'ArchiveErrors', { bucket: eventsBucket, errorPrefixes: ['errors/app-events/'], topic });
 * ```
 */
export class ArchiveErrorNotification extends Construct {
  /** The EventBridge rule matching objects created under the error prefixes. */
  public readonly rule: events.Rule;

  public constructor(scope: Construct, id: string, props: ArchiveErrorNotificationProps) {
    super(scope, id);
    // The bucket's own property, not enableEventBridgeNotification(): that adds a custom resource
    // with a Lambda function and its role for what CloudFormation sets natively.
    const cfnBucket = props.bucket.node.defaultChild as s3.CfnBucket;
    cfnBucket.addPropertyOverride(
      'NotificationConfiguration.EventBridgeConfiguration.EventBridgeEnabled',
      true,
    );

    this.rule = new events.Rule(this, 'Rule', {
      description: 'An event archive wrote records it could not archive under its error prefix',
      eventPattern: {
        source: ['aws.s3'],
        detailType: ['Object Created'],
        detail: {
          bucket: { name: [props.bucket.bucketName] },
          object: { key: props.errorPrefixes.map((prefix) => ({ prefix })) },
        },
      },
    });
    const key = events.EventField.fromPath('$.detail.object.key');
    const bucket = events.EventField.fromPath('$.detail.bucket.name');
    this.rule.addTarget(
      new targets.SnsTopic(props.topic, {
        message: events.RuleTargetInput.fromText(
          `Event archive error: Firehose wrote s3://${bucket}/${key}, records it could not convert or deliver to the events table. ` +
            'Read the object (each line names the error), fix the cause (usually an event that does not match the stream schema), then re-send the records.',
        ),
      }),
    );
  }
}
