import type { CdkCustomResourceResponse } from 'aws-lambda';
import type { Task } from '../Task';
import { reconcileTopic } from './reconcileTopic';
import type { OpenTopicAdmin } from './TopicAdmin';
import { topicEventSchema } from './topicEventSchema';

/** The attributes a topic custom resource returns (`Fn::GetAtt`). */
export interface TopicData {
  readonly TopicName: string;
  /** The topic's partition count after the event. */
  readonly Partitions: number;
}

/** What the topic task works with. */
export interface KafkaTopicsDeps {
  /** Opens an admin on the cluster named by the event's bootstrap servers. */
  readonly openAdmin: OpenTopicAdmin;
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
 * @throws ZodError naming the property when the event or its properties are not allowed, before connecting
 * @example
 * ```ts
 * export const handler = bindTask(kafkaTopicsTask, { openAdmin });
 * ```
 */
export const kafkaTopicsTask: Task<KafkaTopicsDeps, CdkCustomResourceResponse<TopicData>> = async (
  event,
  deps,
) => {
  const request = topicEventSchema.parse(event);
  if (request.RequestType === 'Delete') return { PhysicalResourceId: request.PhysicalResourceId };
  const properties = request.ResourceProperties;
  const admin = await deps.openAdmin(properties.BootstrapServers);
  try {
    const outcome = await reconcileTopic(admin, properties.TopicName, properties.Partitions);
    return {
      PhysicalResourceId: outcome.topic,
      Data: { TopicName: outcome.topic, Partitions: outcome.partitions },
    };
  } finally {
    await admin.disconnect();
  }
};
