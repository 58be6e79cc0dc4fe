import { BatchProcessor, EventType } from '@aws-lambda-powertools/batch';
import type { KinesisStreamBatchResponse, KinesisStreamEvent, KinesisStreamRecord } from 'aws-lambda';
import { PoisonRecordError } from '../../core/errors';
import { type KafkaMessage, kafkaMessage } from '../../core/events/kafkaMessage';
import type { EventProducer } from './EventProducer';

/** What {@link relayKinesisBatch} sends with and reports to. */
export interface RelayDependencies {
  /** The producer, made once per container. */
  readonly producer: EventProducer;
  /** The Kafka topic of the stream. */
  readonly topic: string;
  /** Receives one `error` per poison record (with its reason) and one `info` per batch. */
  readonly logger: {
    error(message: string, extra: Record<string, unknown>): void;
    info(message: string, extra: Record<string, unknown>): void;
  };
}

/**
 * Relays one Kinesis batch to Kafka and answers with the partial batch response.
 *
 * Every record is turned into its Kafka message ({@link kafkaMessage}) through Powertools'
 * batch processor; all good records are then produced in Kinesis order in ONE send (acks from
 * all in-sync replicas), including those after a poison record, so the good records of a batch
 * always land whatever happens to the poison.
 *
 * - Poison records (data that is not an envelope; retrying never changes that) are logged with
 *   their reason and reported in `batchItemFailures` by sequence number. With
 *   `ReportBatchItemFailures` and `BisectBatchOnFunctionError` on the event source mapping,
 *   Lambda checkpoints before the first poison record, splits the rest at it and retries up to
 *   `maxRetryAttempts` times; then the on-failure destination (SQS) receives the shard and
 *   sequence range and the shard moves on. Good records re-sent by those retries are duplicates
 *   with the same sequence, shard and event id headers, which consumers drop.
 * - A failed send (broker down, not enough replicas) throws `KafkaProduceError`: the whole
 *   invocation fails and Lambda retries the batch from its first record, so nothing is lost within
 *   the retry budget and no key is reordered (a later batch of the shard waits for this one).
 *
 * @throws KafkaProduceError when Kafka does not acknowledge the batch's good records
 * @example
 * ```ts
 * export const handler = (event: KinesisStreamEvent) => relayKinesisBatch(event, { producer, topic, logger });
 * ```
 */
export async function relayKinesisBatch(
  event: KinesisStreamEvent,
  dependencies: RelayDependencies,
): Promise<KinesisStreamBatchResponse> {
  const { producer, topic, logger } = dependencies;
  const processor = new BatchProcessor(EventType.KinesisDataStreams);
  const messages: KafkaMessage[] = [];
  // One record at a time, so `messages` is in Kinesis order; a batch of poison records only is
  // still answered record by record, not thrown.
  processor.register(
    event.Records,
    (record: KinesisStreamRecord) => {
      messages.push(kafkaMessage(record));
    },
    { processInParallel: false, throwOnFullBatchFailure: false },
  );
  await processor.process();
  for (const error of processor.errors) {
    if (!(error instanceof PoisonRecordError)) throw error;
    logger.error('Poison record reported to the failure path', {
      sequenceNumber: error.sequenceNumber,
      shardId: error.shardId,
      reason: error.reason,
    });
  }
  await producer.send(topic, messages);
  const response = processor.response();
  logger.info('Batch relayed', {
    topic,
    records: event.Records.length,
    relayed: messages.length,
    poison: processor.errors.length,
  });
  return { batchItemFailures: response.batchItemFailures };
}
