import { KafkaTopicError } from '../../core/errors';
import type { TopicAdmin } from './TopicAdmin';

/** What {@link reconcileTopic} did to the topic. */
export interface TopicOutcome {
  readonly topic: string;
  /** The topic's partition count afterwards. */
  readonly partitions: number;
  readonly action: 'created' | 'raised' | 'unchanged';
}

/**
 * Brings `topic` to `partitions` partitions: creates it when missing (an earlier stack may have
 * left it, so a Create adopts an existing topic), adds partitions when it has fewer, and leaves it
 * when it has as many. Replication is not set: MSK Serverless fixes it.
 *
 * It never removes partitions: Kafka cannot, and a smaller count would also move keys to other
 * partitions and break their order. A configured count below the current one is refused.
 *
 * @throws KafkaTopicError when the topic has more partitions than asked for
 * @example
 * ```ts
 * await reconcileTopic(admin, 'app.events', 12); // { topic: 'app.events', partitions: 12, action: 'raised' }
 * ```
 */
export async function reconcileTopic(
  admin: TopicAdmin,
  topic: string,
  partitions: number,
): Promise<TopicOutcome> {
  const existing = (await admin.listTopics()).includes(topic);
  if (!existing) {
    await admin.createTopics({ topics: [{ topic, numPartitions: partitions }], waitForLeaders: true });
    return { topic, partitions, action: 'created' };
  }
  const metadata = await admin.fetchTopicMetadata({ topics: [topic] });
  const current = metadata.topics.find((t) => t.name === topic)?.partitions.length ?? 0;
  if (partitions < current) {
    throw new KafkaTopicError(
      `Topic ${topic} has ${current} partitions and the config asks for ${partitions}; Kafka cannot remove partitions, so allowed: kafkaPartitions of ${current} or more`,
      { topic },
    );
  }
  if (partitions === current) return { topic, partitions, action: 'unchanged' };
  await admin.createPartitions({ topicPartitions: [{ topic, count: partitions }] });
  return { topic, partitions, action: 'raised' };
}
