import { type Kafka, Partitioners, type Producer } from 'kafkajs';
import { KafkaProduceError } from '../../core/errors';
import type { KafkaMessage } from '../../core/events/kafkaMessage';
import type { EventProducer } from './EventProducer';

/** Options of {@link KafkajsEventProducer}. */
export interface KafkajsEventProducerOptions {
  /**
   * Use Kafka's idempotent producer (no duplicates from the producer's own retries). MSK
   * Serverless supports it (the role then needs `kafka-cluster:WriteDataIdempotently`); librdkafka
   * 2.0.2's mock broker, the local stand-in, does not.
   *
   * @default false
   */
  readonly idempotent?: boolean;
  /**
   * How long the broker waits for the in-sync replicas to acknowledge, in ms.
   *
   * @default 30000
   */
  readonly ackTimeoutMs?: number;
}

/**
 * {@link EventProducer} on a kafkajs client (see `kafkaClient`). Connects on first send and is
 * meant to live as long as the Lambda container. Every send waits for all in-sync replicas
 * (`acks: -1`) and keeps one request in flight per broker, so kafkajs's retries never reorder the
 * messages of a key. Keys map to partitions with the Java client's murmur2 partitioner, the same
 * mapping other Kafka producers use. After a failed send the connection is dropped and the next
 * send reconnects, so a broker that came back is found again.
 *
 * @example
 * ```ts
 * const producer = new KafkajsEventProducer(kafkaClient({ brokers, clientId: 'relay', auth: 'iam', region }));
 * await producer.send('app.events', messages);
 * ```
 */
export class KafkajsEventProducer implements EventProducer {
  private readonly kafka: Kafka;
  private readonly idempotent: boolean;
  private readonly ackTimeoutMs: number;
  private connected?: Promise<Producer>;

  public constructor(kafka: Kafka, options: KafkajsEventProducerOptions = {}) {
    this.kafka = kafka;
    this.idempotent = options.idempotent ?? false;
    this.ackTimeoutMs = options.ackTimeoutMs ?? 30_000;
  }

  public async send(topic: string, messages: readonly KafkaMessage[]): Promise<void> {
    if (messages.length === 0) return;
    try {
      const producer = await this.producer();
      await producer.send({
        topic,
        acks: -1,
        timeout: this.ackTimeoutMs,
        // kafkajs reads the messages without changing them: no copy per message.
        messages: [...messages],
      });
    } catch (error) {
      await this.disconnect();
      throw new KafkaProduceError({ topic, messages: messages.length }, { cause: error });
    }
  }

  public async disconnect(): Promise<void> {
    const connected = this.connected;
    this.connected = undefined;
    if (!connected) return;
    // A producer that never connected has nothing to close.
    const producer = await connected.catch(() => undefined);
    await producer?.disconnect();
  }

  private producer(): Promise<Producer> {
    if (!this.connected) {
      const producer = this.kafka.producer({
        idempotent: this.idempotent,
        maxInFlightRequests: 1,
        allowAutoTopicCreation: false,
        createPartitioner: Partitioners.DefaultPartitioner,
      });
      this.connected = producer.connect().then(() => producer);
    }
    return this.connected;
  }
}
