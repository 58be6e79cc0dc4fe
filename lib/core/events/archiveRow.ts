import { EventEnvelopeError } from '../errors';
import { type ArchiveStream, glueType } from './archiveColumns';
import { type ArchiveValue, archiveValue } from './archiveValue';
import { eventEnvelopeSchema } from './eventEnvelope';

/** One Kinesis record as the archive receives it. */
export interface ArchiveRecord {
  /** The record's data as UTF-8 text: one event envelope as JSON. */
  readonly data: string;
  /** The Kinesis partition key the record was put with. */
  readonly partitionKey: string;
  /** When Kinesis received the record, epoch milliseconds (Kinesis's ApproximateArrivalTimestamp). */
  readonly arrivalTime: number;
}

/** A flat archive row: lower-case column name → value, as the OpenX JSON SerDe reads it. */
export type ArchiveRow = Readonly<Record<string, ArchiveValue>>;

/**
 * Flattens one Kinesis record into the row of the stream's archive table (see
 * `archiveColumns`): the envelope columns, the arrival time, the payload as JSON and one
 * value per configured payload field. Timestamps are UTC `yyyy-MM-ddTHH:mm:ss.SSSZ`.
 *
 * @throws EventEnvelopeError naming the reason when the data is not JSON, not a valid envelope,
 *   or a payload field's value does not fit its column type; the archive then writes the
 *   record under its error prefix instead of storing a null.
 * @example
 * ```ts
 * archiveRow({ data: '{"eventId":"…","name":"item_viewed",…}', partitionKey: 'u-42', arrivalTime: 1795425303456 },
 *   { payloadFields: { itemId: 'bigint' } });
 * // { event_id: '…', event_name: 'item_viewed', client_time: '2026-11-23T09:15:02.123Z', …, itemid: 1234 }
 * ```
 */
export function archiveRow(record: ArchiveRecord, stream: ArchiveStream): ArchiveRow {
  let json: unknown;
  try {
    json = JSON.parse(record.data);
  } catch (error) {
    throw new EventEnvelopeError(
      `Record is not JSON (${(error as Error).message}); allowed: one event envelope as JSON`,
      {},
      { cause: error },
    );
  }
  const parsed = eventEnvelopeSchema.safeParse(json);
  if (!parsed.success) {
    const eventId =
      typeof json === 'object' && json !== null ? (json as { eventId?: unknown }).eventId : undefined;
    const issues = parsed.error.issues.map(
      (issue) => `${issue.path.join('.') || '(envelope)'}: ${issue.message}`,
    );
    throw new EventEnvelopeError(`Record is not a valid event envelope: ${issues.join('; ')}`, {
      eventId: typeof eventId === 'string' ? eventId : undefined,
      field: parsed.error.issues[0]?.path.join('.'),
    });
  }
  const event = parsed.data;
  const row: Record<string, ArchiveValue> = {
    event_id: event.eventId,
    event_name: event.name,
    client_time: new Date(event.clientTime).toISOString(),
    schema_version: event.schemaVersion,
    partition_key: record.partitionKey,
    arrival_time: new Date(record.arrivalTime).toISOString(),
    payload: JSON.stringify(event.payload),
  };
  for (const [field, athenaType] of Object.entries(stream.payloadFields ?? {})) {
    const result = archiveValue(event.payload[field], glueType(athenaType));
    if (!result.ok) {
      throw new EventEnvelopeError(
        `Event ${event.eventId} (${event.name}): payload field ${JSON.stringify(field)} does not fit its column type ${athenaType}: ${result.problem}`,
        { eventId: event.eventId, field: `payload.${field}` },
      );
    }
    row[field.toLowerCase()] = result.value;
  }
  return row;
}
