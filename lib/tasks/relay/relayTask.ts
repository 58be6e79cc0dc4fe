import type { KinesisStreamBatchItemFailure, KinesisStreamBatchResponse } from 'aws-lambda';
import type { EventProducer } from '../../adapters/kafka/EventProducer';
import type { MetricsPublisher } from '../../adapters/metrics/MetricsPublisher';
import { PoisonRecordError } from '../../core/errors';
import { type KafkaMessage, kafkaMessage } from '../../core/events/kafkaMessage';
import { streamDimensions } from '../../core/metrics';
import type { Task } from '../Task';
import { relayEventSchema } from './relayEventSchema';
import type { RelaySettings } from './relaySettingsSchema';

/** Where the relay logs: one `error` per poison record (with its reason) and one `info` per batch. */
export interface RelayLogger {
  error(message: string, extra: Record<string, unknown>): void;
  info(message: string, extra: Record<string, unknown>): void;
}

/** What the relay task works with. */
export interface RelayDeps {
  /** The producer, made once per container (the Lambda's) or per local session. */
  readonly producer: EventProducer;
  /** The topic it produces to and the stream's name (its metrics' dimension); the other settings only build the producer. */
  readonly settings: Pick<RelaySettings, 'KAFKA_TOPIC' | 'STREAM_NAME'>;
  readonly logger: RelayLogger;
  /** Where the batch's poison events are counted (`PoisonEvents`, per stream): CloudWatch on Lambda. */
  readonly metrics: MetricsPublisher;
}

/**
 * The Kinesis → Kafka relay: relays one Kinesis batch to the topic and answers with the partial
 * batch response.
 *
 * Every record is turned into its Kafka message ({@link kafkaMessage}) in one synchronous pass in
 * Kinesis order; all good records are then produced in that order in ONE send (acks from all
 * in-sync replicas), including those after a poison record, so the good records of a batch
 * always land whatever happens to the poison. The response is Lambda's partial batch response
 * for Kinesis ("Configuring partial batch response with Kinesis Data Streams and Lambda",
 * services-kinesis-batchfailurereporting.html): one `itemIdentifier` per poison record, its
 * sequence number; an empty list is a complete success. (Powertools' BatchProcessor built the
 * same response with a promise and several `process.env` reads per record: 13,000 of the 72,000
 * instructions the relay spent per record before kafkajs, by callgrind.)
 *
 * - Poison records (data that is not an envelope; retrying never changes that) are logged with
 *   their reason and reported in `batchItemFailures` by sequence number. With
 *   `ReportBatchItemFailures` and `BisectBatchOnFunctionError` on the event source mapping,
 *   Lambda checkpoints before the first poison record, splits the rest at it and retries up to
 *   `maxRetryAttempts` times; then the on-failure destination (SQS) receives the shard and
 *   sequence range and the shard moves on. Good records re-sent by those retries are duplicates
 *   with the same sequence, shard and event id headers, which consumers drop. Each batch publishes
 *   its count of poison records (`PoisonEvents`, 0 too, so the metric has a value every batch).
 * - A failed send (broker down, not enough replicas) throws `KafkaProduceError`: the whole
 *   invocation fails and Lambda retries the batch from its first record, so nothing is lost within
 *   the retry budget and no key is reordered (a later batch of the shard waits for this one).
 *
 * @throws ZodError when the event is not a Kinesis event (naming the field)
 * @throws KafkaProduceError when Kafka does not acknowledge the batch's good records
 * @example
 * ```ts
 * const response = await relayTask(event, { producer, settings: { KAFKA_TOPIC: 'app.events', STREAM_NAME: 'app-events' }, logger, metrics });
 * ```
 */
export const relayTask: Task<RelayDeps, KinesisStreamBatchResponse> = async (event, deps) => {
  const { Records } = relayEventSchema.parse(event);
  const { producer, logger } = deps;
  const topic = deps.settings.KAFKA_TOPIC;
  const messages: KafkaMessage[] = [];
  const batchItemFailures: KinesisStreamBatchItemFailure[] = [];
  for (const record of Records) {
    try {
      messages.push(kafkaMessage(record));
    } catch (error) {
      if (!(error instanceof PoisonRecordError)) throw error;
      logger.error('Poison record reported to the failure path', {
        sequenceNumber: error.sequenceNumber,
        shardId: error.shardId,
        reason: error.reason,
      });
      batchItemFailures.push({ itemIdentifier: record.kinesis.sequenceNumber });
    }
  }
  deps.metrics.publish(streamDimensions(deps.settings.STREAM_NAME), {
    poisonEvents: batchItemFailures.length,
  });
  await producer.send(topic, messages);
  logger.info('Batch relayed', {
    topic,
    records: Records.length,
    relayed: messages.length,
    poison: batchItemFailures.length,
  });
  return { batchItemFailures };
};
