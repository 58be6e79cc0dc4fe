import type { TopicAdmin } from '../../../lib/tasks/kafkaTopics/TopicAdmin';

/** A {@link TopicAdmin} over an in-memory cluster (topic → partition count) whose calls are jest mocks. */
export function fakeTopicAdmin(topics: Record<string, number> = {}): jest.Mocked<TopicAdmin> {
  const cluster = new Map(Object.entries(topics));
  return {
    listTopics: jest.fn(async () => [...cluster.keys()]),
    fetchTopicMetadata: jest.fn(async ({ topics: names }) => ({
      topics: names.map((name) => ({
        name,
        partitions: Array.from({ length: cluster.get(name) ?? 0 }, (_, partitionId) => ({ partitionId })),
      })),
    })),
    createTopics: jest.fn(async ({ topics: created }) => {
      for (const { topic, numPartitions } of created) cluster.set(topic, numPartitions);
      return true;
    }),
    createPartitions: jest.fn(async ({ topicPartitions }) => {
      for (const { topic, count } of topicPartitions) cluster.set(topic, count);
      return true;
    }),
    disconnect: jest.fn(async () => undefined),
  };
}
