import * as z from 'zod';
import { isPlainObject } from './isPlainObject';

/** Event names apps send: short, no spaces, safe in paths, metrics and SQL literals. */
const eventNamePattern = /^[A-Za-z][A-Za-z0-9_.:-]{0,127}$/;

/**
 * The envelope of every client event: what the client SDK puts into Kinesis (one
 * JSON object per record, UTF-8), what the relay forwards to Kafka unchanged, and
 * what the archive flattens into the events table. The payload's own shape is the
 * app's, validated by the zod schema the app gives the client.
 *
 * `eventId` is a UUID made once per event by the client and kept through retries,
 * so a consumer drops the duplicates that at-least-once delivery causes by it.
 *
 * @example
 * ```json
 * {"eventId":"0b6c…","name":"item_viewed","clientTime":"2026-11-23T09:15:02.123Z",
 *  "schemaVersion":1,"payload":{"userId":"u-42","itemId":1234}}
 * ```
 */
export const eventEnvelopeSchema = z.strictObject({
  eventId: z.uuid().describe('Made once per event by the client; the same across retries.'),
  name: z
    .string()
    .regex(eventNamePattern, {
      error: (issue) =>
        `received ${JSON.stringify(issue.input)}; allowed: a letter, then up to 127 letters, digits, "_", ".", ":" or "-"`,
    })
    .describe('Event name, e.g. item_viewed.'),
  clientTime: z.iso
    .datetime({ offset: true, precision: 3 })
    .describe('When the event happened on the device, ISO 8601 with milliseconds (device clocks drift).'),
  schemaVersion: z.int().min(1).describe("Version of the payload's schema, so consumers read old events."),
  // A plain-object check, not z.record: the record schema walks and copies every payload key, half
  // of an envelope's parse in the relay (issue 18), and JSON gives a plain object string keys only.
  payload: z
    .custom<Record<string, unknown>>(isPlainObject, {
      error: (issue) =>
        `received ${Array.isArray(issue.input) ? 'an array' : JSON.stringify(issue.input)}; allowed: a JSON object`,
    })
    .describe("The app's fields, validated by the app's zod schema."),
});

/** A client event as it travels: see {@link eventEnvelopeSchema}. */
export type EventEnvelope<Payload extends Record<string, unknown> = Record<string, unknown>> = Omit<
  z.infer<typeof eventEnvelopeSchema>,
  'payload'
> & { readonly payload: Payload };
