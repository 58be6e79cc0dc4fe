import type { KinesisStreamRecord } from 'aws-lambda';
import { PoisonRecordError } from '../errors';
import { eventEnvelopeSchema } from './eventEnvelope';
import { KAFKA_HEADERS } from './kafkaHeaders';

/** A Kafka message the relay produces: see {@link kafkaMessage}. */
export interface KafkaMessage {
  /** The Kinesis partition key, so one key keeps one Kafka partition and its order. */
  readonly key: string;
  /** The Kinesis record's bytes, unchanged (the envelope's UTF-8 JSON). */
  readonly value: Buffer;
  /** Provenance headers, named by {@link KAFKA_HEADERS}. */
  readonly headers: Readonly<Record<(typeof KAFKA_HEADERS)[keyof typeof KAFKA_HEADERS], string>>;
}

/** Lambda's eventID of a Kinesis record is `<shard id>:<sequence number>`. */
const EVENT_ID_PATTERN = /^(shardId-[^:]+):(\d+)$/;
const utf8 = new TextDecoder('utf-8', { fatal: true });

/** The last arrival second seen and its ISO 8601 text up to the milliseconds' dot. */
let arrivalSecond = Number.NaN;
let arrivalPrefix = '';

/**
 * A Kinesis arrival time (fractional seconds) as ISO 8601 UTC with milliseconds, what
 * `Date#toISOString` gives: that costs about as much as the envelope's JSON.parse, and a batch's
 * records arrive within a few seconds, so the text of the second is kept and the milliseconds
 * appended.
 */
function arrivalTime(seconds: number): string {
  const millis = Math.round(seconds * 1000);
  const second = Math.floor(millis / 1000);
  if (second !== arrivalSecond) {
    arrivalPrefix = new Date(second * 1000).toISOString().slice(0, -4);
    arrivalSecond = second;
  }
  return `${arrivalPrefix}${String(millis - second * 1000).padStart(3, '0')}Z`;
}

/** One function for every record, not a closure made per record (the relay's hot path). */
function poison(sequenceNumber: string, shardId: string | undefined, reason: string, cause?: unknown) {
  return new PoisonRecordError(
    { sequenceNumber, shardId, reason },
    cause === undefined ? undefined : { cause },
  );
}

/**
 * The Kafka message for a Kinesis record of a client event stream: key = the partition key,
 * value = the record's bytes unchanged, headers = sequence number, shard, arrival time and event
 * id. The data must be a valid {@link eventEnvelopeSchema} envelope: the event id comes from it,
 * and consumers must never receive what the archive would reject.
 *
 * @throws PoisonRecordError with the reason when the data is not UTF-8, not JSON, not an envelope,
 *   or the record's eventID does not name its shard
 * @example
 * ```ts
 * const message = kafkaMessage(event.Records[0]);
 * // { key: 'u-42', value: <Buffer 7b 22 ...>, headers: { 'datalake.kinesis.shard': 'shardId-000000000000', ... } }
 * ```
 */
export function kafkaMessage(record: KinesisStreamRecord): KafkaMessage {
  const { sequenceNumber, partitionKey, approximateArrivalTimestamp, data } = record.kinesis;
  const location = EVENT_ID_PATTERN.exec(record.eventID);
  const shardId = location?.[1];
  if (!shardId || location?.[2] !== sequenceNumber) {
    throw poison(
      sequenceNumber,
      shardId,
      `eventID ${JSON.stringify(record.eventID)} is not "shardId-…:${sequenceNumber}"`,
    );
  }
  const value = Buffer.from(data, 'base64');
  let parsed: unknown;
  try {
    parsed = JSON.parse(utf8.decode(value));
  } catch (error) {
    throw poison(sequenceNumber, shardId, `data is not UTF-8 JSON (${(error as Error).message})`, error);
  }
  const envelope = eventEnvelopeSchema.safeParse(parsed);
  if (!envelope.success) {
    const issues = envelope.error.issues.map(
      (issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`,
    );
    throw poison(sequenceNumber, shardId, issues.join('; '), envelope.error);
  }
  return {
    key: partitionKey,
    value,
    headers: {
      [KAFKA_HEADERS.sequence]: sequenceNumber,
      [KAFKA_HEADERS.shard]: shardId,
      [KAFKA_HEADERS.arrival]: arrivalTime(approximateArrivalTimestamp),
      [KAFKA_HEADERS.eventId]: envelope.data.eventId,
    },
  };
}
