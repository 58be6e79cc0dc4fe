import type { KafkaMessage } from '../../core/events/kafkaMessage';

/**
 * Sends relayed client events to a Kafka topic. One send is one acknowledged unit: it resolves
 * only when every message is stored on all in-sync replicas, in the order given per key.
 */
export interface EventProducer {
  /**
   * Sends `messages` to `topic`, in order for each key.
   *
   * @throws KafkaProduceError when any message is not acknowledged; some may have been stored
   */
  send(topic: string, messages: readonly KafkaMessage[]): Promise<void>;
  /** Closes the broker connections. */
  disconnect(): Promise<void>;
}
