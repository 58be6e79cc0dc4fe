/**
 * The Kafka admin calls the topic custom resource makes: a structural subset of kafkajs's
 * `Admin`, so the handler passes kafkajs's admin and tests pass a recording fake.
 */
export interface TopicAdmin {
  /** Names of the topics the caller may describe. */
  listTopics(): Promise<string[]>;
  /** Partition metadata of the named topics. */
  fetchTopicMetadata(options: { topics: string[] }): Promise<{
    topics: ReadonlyArray<{ name: string; partitions: ReadonlyArray<unknown> }>;
  }>;
  /** Creates topics; resolves `false` when one already existed. */
  createTopics(options: {
    topics: Array<{ topic: string; numPartitions: number }>;
    waitForLeaders: boolean;
  }): Promise<boolean>;
  /** Raises the partition count of topics to `count`. */
  createPartitions(options: { topicPartitions: Array<{ topic: string; count: number }> }): Promise<boolean>;
  /** Closes the admin's connections. */
  disconnect(): Promise<void>;
}

/**
 * Opens a connected {@link TopicAdmin} on the cluster reached through `brokers`
 * (`host:port` of the bootstrap servers).
 */
export type OpenTopicAdmin = (brokers: readonly string[]) => Promise<TopicAdmin>;
