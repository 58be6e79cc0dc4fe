import type * as z from 'zod';
import { EventEnvelopeError, RecordTooLargeError } from '../core/errors';
// The modules themselves, not lib/core/events' index: that would bring the archive's code into a browser bundle.
import { type EventEnvelope, eventEnvelopeSchema } from '../core/events/eventEnvelope';
import { isPlainObject } from '../core/events/isPlainObject';
import { partitionKeyOf } from '../core/events/partitionKeyOf';
import type { BufferedEvent } from './BufferedEvent';
import { encodeUtf8 } from './encodeUtf8';
import { KINESIS_LIMITS } from './kinesisLimits';
import { randomEventId } from './randomEventId';
import { utf8ByteLength } from './utf8ByteLength';

/** What {@link buildRecord} needs besides the event. */
export interface RecordSettings<Payload extends Record<string, unknown>> {
  readonly payloadSchema: z.ZodType<Payload>;
  readonly schemaVersion: number;
  readonly partitionKeyField: string;
  /** Milliseconds since the epoch, for `clientTime`. */
  readonly now: number;
  /**
   * Makes the event's `eventId`: the app's own ids, e.g. ones it also logs. Each must be a UUID
   * (the envelope's `eventId` is one; downstream deduplicates on it), and unique per event.
   *
   * @default randomEventId (a random version-4 UUID, also where `crypto.randomUUID` is missing)
   */
  readonly newEventId?: () => string;
}

/**
 * The envelope fields a caller can get wrong: the event name and the settings' schema version,
 * and `clientTime`, which an injected clock can push out of the 4-digit years ISO 8601 allows.
 * The default `eventId` is a fresh {@link randomEventId} (checked only when the app makes its
 * own) and the payload the app schema's output, already walked: validating them again was 3/4 of
 * the envelope check, so only the payload's type (a plain object, as the envelope's record
 * requires) is checked.
 */
const envelopeFieldsSchema = eventEnvelopeSchema.pick({ name: true, clientTime: true, schemaVersion: true });

/** The last fields that passed and the last clock reading's ISO time: a burst of events shares them. */
let lastValidFields = { name: '', clientTime: '', schemaVersion: 0 };
let lastNow = Number.NaN;
let lastClientTime = '';

/** ISO 8601 UTC with milliseconds; throws RangeError for a reading that is no date. */
function clientTimeOf(now: number): string {
  if (now !== lastNow) {
    lastClientTime = new Date(now).toISOString();
    lastNow = now;
  }
  return lastClientTime;
}

function fieldsAreValid(name: string, clientTime: string, schemaVersion: number): boolean {
  const last = lastValidFields;
  if (name === last.name && clientTime === last.clientTime && schemaVersion === last.schemaVersion)
    return true;
  if (!envelopeFieldsSchema.safeParse({ name, clientTime, schemaVersion }).success) return false;
  lastValidFields = { name, clientTime, schemaVersion };
  return true;
}

const eventIdSchema = eventEnvelopeSchema.shape.eventId;

/** The app's `newEventId()`, refused with the field named unless it is a UUID as the envelope requires. */
function appEventId(name: string, newEventId: () => string): string {
  const eventId: unknown = newEventId();
  const checked = eventIdSchema.safeParse(eventId);
  if (!checked.success) {
    throw new EventEnvelopeError(
      `Event ${name}: newEventId() returned ${JSON.stringify(eventId)}; allowed: a UUID (RFC 9562, e.g. version 4)`,
      { eventId: typeof eventId === 'string' ? eventId : undefined, field: 'eventId' },
      { cause: checked.error },
    );
  }
  return checked.data;
}

function describeIssue(prefix: string, issue: z.core.$ZodIssue): { field: string; text: string } {
  const field = [prefix, ...issue.path.map(String)].filter((part) => part !== '').join('.');
  return { field, text: `${field || '(root)'}: ${issue.message}` };
}

/**
 * Turns an app event into a Kinesis record: validates the payload with the app's schema, wraps
 * it in the event envelope (new `eventId` from `settings.newEventId`, by default
 * {@link randomEventId}; `clientTime` now with milliseconds), derives the
 * partition key and encodes the envelope as UTF-8 JSON.
 *
 * @throws EventEnvelopeError when the payload, the name, the partition key or an app-made
 *   `eventId` is invalid (the error's `field` names the first bad field, e.g. `payload.itemId`)
 * @throws DataLakeError when no id can be made: no `newEventId` and no Web Crypto (see
 *   {@link randomEventId})
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
  const eventId = settings.newEventId ? appEventId(name, settings.newEventId) : randomEventId();
  const parsed = settings.payloadSchema.safeParse(payload);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => describeIssue('payload', issue));
    throw new EventEnvelopeError(
      `Event ${name} (${eventId}): payload refused by its schema: ${issues.map((issue) => issue.text).join('; ')}`,
      { eventId, field: issues[0]?.field },
      { cause: parsed.error },
    );
  }
  const clientTime = clientTimeOf(settings.now);
  const { schemaVersion } = settings;
  const event: EventEnvelope<Payload> = { eventId, name, clientTime, schemaVersion, payload: parsed.data };
  if (!fieldsAreValid(name, clientTime, schemaVersion) || !isPlainObject(parsed.data)) {
    // Rare: the whole envelope schema says what is wrong, with the paths it gives everywhere.
    const error = eventEnvelopeSchema.safeParse(event).error;
    const issues = (error?.issues ?? []).map((issue) => describeIssue('', issue));
    throw new EventEnvelopeError(
      `Event ${name} (${eventId}): ${issues.map((issue) => issue.text).join('; ')}`,
      { eventId, field: issues[0]?.field },
      { cause: error },
    );
  }
  const partitionKey = partitionKeyOf(event, settings.partitionKeyField);
  const data = encodeUtf8(JSON.stringify(event));
  const size = data.byteLength + utf8ByteLength(partitionKey);
  if (size > KINESIS_LIMITS.maxRecordBytes) {
    throw new RecordTooLargeError({ eventName: name, eventId, size, limit: KINESIS_LIMITS.maxRecordBytes });
  }
  return { event, partitionKey, data, size, attempts: 0 };
}
