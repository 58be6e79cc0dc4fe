import { EventEnvelopeError } from '../errors';
import type { EventEnvelope } from './eventEnvelope';

/**
 * The Kinesis partition key of an event: the value of the stream's
 * `partitionKeyField`, looked up in the envelope first, then in the payload.
 * Events with the same key land on the same shard and keep their order there,
 * through the relay and in Kafka.
 *
 * @throws EventEnvelopeError when the field is missing, not a string or number, or
 *   its text is empty or longer than Kinesis's 256 characters.
 * @example
 * ```ts
 * partitionKeyOf(event, 'userId'); // 'u-42' (from event.payload.userId)
 * ```
 */
export function partitionKeyOf(event: EventEnvelope, field: string): string {
  const value: unknown = field in event ? Reflect.get(event, field) : event.payload[field];
  if (typeof value !== 'string' && typeof value !== 'number') {
    throw new EventEnvelopeError(
      `Event ${event.eventId} (${event.name}): partition key field ${JSON.stringify(field)} is ${value === undefined ? 'missing' : `a ${typeof value}`}; allowed: a string or a number in the envelope or the payload`,
      { eventId: event.eventId, field },
    );
  }
  const key = String(value);
  if (key.length === 0 || key.length > 256) {
    throw new EventEnvelopeError(
      `Event ${event.eventId} (${event.name}): partition key ${JSON.stringify(field)} has ${key.length} characters; allowed: 1 to 256 (Kinesis's limit)`,
      { eventId: event.eventId, field },
    );
  }
  return key;
}
