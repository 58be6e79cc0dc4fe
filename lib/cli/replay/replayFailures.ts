import type { _Record } from '@aws-sdk/client-kinesis';
import type { FailureMessage, FailureQueue } from '../../adapters/failureQueue';
import type { EventProducer } from '../../adapters/kafka';
import type { ShardRange } from '../../adapters/kinesis';
import { DataLakeError, PoisonRecordError } from '../../core/errors';
import { type KafkaMessage, kafkaMessage } from '../../core/events/kafkaMessage';
import { compareSequenceNumbers, type RelayFailureRange, relayFailureRange } from '../../core/replay';
import { kinesisStreamRecord } from '../../local/events/kinesisStreamEvent';

/** What {@link replayFailures} works with. */
export interface ReplayFailuresDeps {
  /** The relay's failure queue. */
  readonly queue: FailureQueue;
  /** Reads one shard range of the stream, in order (`readShardRange` on Kinesis). */
  readonly readRange: (range: ShardRange) => Promise<readonly _Record[]>;
  /** The producer the relay uses (`KafkajsEventProducer`). */
  readonly producer: EventProducer;
  /** The stream's Kafka topic. */
  readonly topic: string;
  /** The stream replayed: a message of another stream is refused. */
  readonly streamArn: string;
  /** Told each range once it is re-delivered and its message deleted. @default - nothing */
  readonly onReplayed?: (replayed: ReplayedRange) => void;
}

/** One failure-queue message replayed. */
export interface ReplayedRange extends RelayFailureRange {
  /** Records read back from the stream. */
  readonly records: number;
  /** Records produced to the topic. */
  readonly relayed: number;
  /** Records that are not events (the relay's poison), skipped as the relay skips them, with why. */
  readonly poison: readonly { readonly sequenceNumber: string; readonly reason: string }[];
}

/** The region of a stream ARN, for the records' `awsRegion`. */
function regionOf(streamArn: string): string {
  return streamArn.split(':')[3] ?? '';
}

async function replayOne(message: FailureMessage, deps: ReplayFailuresDeps): Promise<ReplayedRange> {
  const range = relayFailureRange(message.body);
  if (range.streamArn !== deps.streamArn) {
    throw new DataLakeError(
      `Failure-queue message of stream ${range.streamArn}, not ${deps.streamArn}: left in the queue`,
    );
  }
  const records = await deps.readRange(range);
  const source = { streamArn: range.streamArn, shardId: range.shardId, region: regionOf(range.streamArn) };
  const messages: KafkaMessage[] = [];
  const poison: { sequenceNumber: string; reason: string }[] = [];
  for (const record of records) {
    try {
      messages.push(kafkaMessage(kinesisStreamRecord(record, source)));
    } catch (error) {
      if (!(error instanceof PoisonRecordError)) throw error;
      poison.push({ sequenceNumber: error.sequenceNumber, reason: error.reason });
    }
  }
  // One acknowledged send in shard order, as the relay sends a batch; only then is the message done.
  await deps.producer.send(deps.topic, messages);
  await deps.queue.delete(message);
  return { ...range, records: records.length, relayed: messages.length, poison };
}

/**
 * Re-delivers what a relay's failure queue points at: for each message (an event source mapping's
 * on-failure record: a shard and its first and last sequence number), reads those records back
 * from Kinesis (they are there for the stream's retention) and produces them to the stream's topic
 * with the relay's own code (`kafkaMessage`: key = partition key, headers with the event id, shard
 * and sequence number, so consumers drop what was delivered before; poison skipped as the relay
 * skips it), in one send in shard order, so each key keeps its order. A message is deleted only
 * after its send was acknowledged: a failure stops the replay and leaves it (and the messages
 * after it) in the queue for the next one. Messages received together are replayed by shard and
 * sequence, oldest range first.
 *
 * @returns the ranges replayed, in the order they were
 * @throws DataLakeError for a message of another stream or records past retention, and whatever
 *   the producer throws (KafkaProduceError); the ranges before it stay replayed and deleted
 * @example
 * ```ts
 * await replayFailures({ queue, readRange: (range) => readShardRange(kinesis, range), producer, topic: 'app.events', streamArn });
 * ```
 */
export async function replayFailures(deps: ReplayFailuresDeps): Promise<ReplayedRange[]> {
  const replayed: ReplayedRange[] = [];
  for (
    let received = await deps.queue.receive();
    received.length > 0;
    received = await deps.queue.receive()
  ) {
    const ordered = received
      .map((message) => ({ message, range: relayFailureRange(message.body) }))
      .sort(
        (a, b) =>
          a.range.shardId.localeCompare(b.range.shardId) ||
          compareSequenceNumbers(a.range.startSequenceNumber, b.range.startSequenceNumber),
      );
    for (const { message } of ordered) {
      const range = await replayOne(message, deps);
      replayed.push(range);
      deps.onReplayed?.(range);
    }
  }
  return replayed;
}
