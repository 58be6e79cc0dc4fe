/**
 * Names of the headers the relay puts on every Kafka message. Consumers read them to drop the
 * duplicates that at-least-once delivery causes (the same event id, or the same shard and
 * sequence number) and to know when Kinesis received the event. Values are UTF-8 strings.
 *
 * @example
 * ```ts
 * const eventId = message.headers?.[KAFKA_HEADERS.eventId]?.toString();
 * ```
 */
export const KAFKA_HEADERS = {
  /** The Kinesis sequence number of the record, e.g. `49590338271490256608559692538361571095921575989136588898`. */
  sequence: 'datalake.kinesis.sequence',
  /** The Kinesis shard the record was read from, e.g. `shardId-000000000000`. */
  shard: 'datalake.kinesis.shard',
  /** When Kinesis received the record (approximate arrival time), ISO 8601 UTC with milliseconds. */
  arrival: 'datalake.kinesis.arrival',
  /** The envelope's `eventId`: the UUID the client made once per event, kept through retries. */
  eventId: 'datalake.event.id',
} as const;
