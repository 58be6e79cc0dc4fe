import type * as z from 'zod';
import { EventEnvelopeError, RecordTooLargeError } from '../core/errors';
import { type EventEnvelope, eventEnvelopeSchema, partitionKeyOf } from '../core/events';
import type { BufferedEvent } from './BufferedEvent';
import { KINESIS_LIMITS } from './kinesisLimits';

/** What {@link buildRecord} needs besides the event. */
export interface RecordSettings<Payload extends Record<string, unknown>> {
  readonly payloadSchema: z.ZodType<Payload>;
  readonly schemaVersion: number;
  readonly partitionKeyField: string;
  /** Milliseconds since the epoch, for `clientTime`. */
  readonly now: number;
}

const encoder = new TextEncoder();

function describeIssue(prefix: string, issue: z.core.$ZodIssue): { field: string; text: string } {
  const field = [prefix, ...issue.path.map(String)].filter((part) => part !== '').join('.');
  return { field, text: `${field || '(root)'}: ${issue.message}` };
}

/**
 * Turns an app event into a Kinesis record: validates the payload with the app's schema, wraps
 * it in the event envelope (new `eventId`, `clientTime` now with milliseconds), derives the
 * partition key and encodes the envelope as UTF-8 JSON.
 *
 * @throws EventEnvelopeError when the payload, the name or the partition key is invalid (the
 *   error's `field` names the first bad field, e.g. `payload.itemId`)
 * @throws RecordTooLargeError when data + partition key exceed 1 MiB
 * @example
 * ```ts
 * const record = buildRecord('item_viewed', { userId: 'u-42', itemId: 7 }, settings);
 * record.partitionKey; // 'u-42'
 * ```
 */
export function buildRecord<Payload extends Record<string, unknown>>(
  name: string,
  payload: unknown,
  settings: RecordSettings<Payload>,
): BufferedEvent<Payload> {
  const eventId = globalThis.crypto.randomUUID();
  const parsed = settings.payloadSchema.safeParse(payload);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => describeIssue('payload', issue));
    throw new EventEnvelopeError(
      `Event ${name} (${eventId}): payload refused by its schema: ${issues.map((issue) => issue.text).join('; ')}`,
      { eventId, field: issues[0]?.field },
      { cause: parsed.error },
    );
  }
  const event: EventEnvelope<Payload> = {
    eventId,
    name,
    clientTime: new Date(settings.now).toISOString(),
    schemaVersion: settings.schemaVersion,
    payload: parsed.data,
  };
  const envelope = eventEnvelopeSchema.safeParse(event);
  if (!envelope.success) {
    const issues = envelope.error.issues.map((issue) => describeIssue('', issue));
    throw new EventEnvelopeError(
      `Event ${name} (${eventId}): ${issues.map((issue) => issue.text).join('; ')}`,
      { eventId, field: issues[0]?.field },
      { cause: envelope.error },
    );
  }
  const partitionKey = partitionKeyOf(event, settings.partitionKeyField);
  const data = encoder.encode(JSON.stringify(event));
  const size = data.byteLength + encoder.encode(partitionKey).byteLength;
  if (size > KINESIS_LIMITS.maxRecordBytes) {
    throw new RecordTooLargeError({ eventName: name, eventId, size, limit: KINESIS_LIMITS.maxRecordBytes });
  }
  return { event, partitionKey, data, size, attempts: 0 };
}
