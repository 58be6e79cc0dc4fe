import type { CdkCustomResourceEvent, CdkCustomResourceResponse } from 'aws-lambda';
import { reconcileTopic } from './reconcileTopic';
import type { OpenTopicAdmin } from './TopicAdmin';
import { topicPropertiesSchema } from './topicPropertiesSchema';

/** The attributes a topic custom resource returns (`Fn::GetAtt`). */
export interface TopicData {
  readonly TopicName: string;
  /** The topic's partition count after the event. */
  readonly Partitions: number;
}

/**
 * Handles one CloudFormation event of a topic custom resource (Provider framework `onEvent`).
 *
 * - Create and Update: {@link reconcileTopic} (create, or raise the partition count; never lower it).
 *   The physical id is the topic name, so renaming a topic makes CloudFormation create the new
 *   topic and then send a Delete for the old one.
 * - Delete: nothing. The topic and the events in it stay, as the lake keeps its data when a stack
 *   goes away; delete a topic by hand when it is no longer wanted. No connection is opened.
 *
 * @example
 * ```ts
 * export const handler = (event: CdkCustomResourceEvent) => onTopicEvent(event, openAdmin);
 * ```
 */
export async function onTopicEvent(
  event: CdkCustomResourceEvent,
  openAdmin: OpenTopicAdmin,
): Promise<CdkCustomResourceResponse<TopicData>> {
  if (event.RequestType === 'Delete') return { PhysicalResourceId: event.PhysicalResourceId };
  const properties = topicPropertiesSchema.parse(event.ResourceProperties);
  const admin = await openAdmin(properties.BootstrapServers);
  try {
    const outcome = await reconcileTopic(admin, properties.TopicName, properties.Partitions);
    return {
      PhysicalResourceId: outcome.topic,
      Data: { TopicName: outcome.topic, Partitions: outcome.partitions },
    };
  } finally {
    await admin.disconnect();
  }
}
