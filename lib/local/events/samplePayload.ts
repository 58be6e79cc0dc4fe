import { eventEnvelopeSchema, glueType } from '../../core/events';

/** What {@link samplePayload} needs of a stream's config. */
export interface SamplePayloadStream {
  readonly partitionKeyField: string;
  readonly payloadFields?: Readonly<Record<string, string>>;
}

/** How many partition keys (users) the sample events spread over. */
export const SAMPLE_USERS = 100;

const ENVELOPE_FIELDS = new Set(Object.keys(eventEnvelopeSchema.shape));
const EPOCH = Date.UTC(2026, 10, 23, 9, 0, 0);

/** A value of Glue type `type` that the archive accepts as is, varying with `index`. */
function sampleValue(type: string, index: number): unknown {
  switch (type) {
    case 'boolean':
      return index % 2 === 0;
    case 'tinyint':
      return index % 100;
    case 'smallint':
      return index % 10_000;
    case 'int':
      return index;
    case 'bigint':
      return 1_000_000 + index;
    case 'float':
    case 'double':
      // Quarters are exact in binary floating point, so the archive shows what was sent.
      return (index % 1000) / 4;
    case 'date':
      return new Date(EPOCH + (index % 365) * 86_400_000).toISOString().slice(0, 10);
    case 'timestamp':
      return new Date(EPOCH + index * 1000).toISOString();
    case 'string':
      return `sample-${index}`;
    case 'binary':
      return Buffer.from(`sample-${index}`).toString('base64');
  }
  const decimal = /^decimal\((\d+),(\d+)\)$/.exec(type);
  if (decimal) {
    const integerDigits = Number(decimal[1]) - Number(decimal[2]);
    const whole = integerDigits === 0 ? 0 : index % 10 ** Math.min(integerDigits, 6);
    return Number(decimal[2]) === 0 ? whole : whole + 0.5;
  }
  const sized = /^(?:var)?char\((\d+)\)$/.exec(type);
  if (sized) return String(index).slice(-Number(sized[1]));
  return null;
}

/**
 * The payload of the `index`-th sample event of a stream, as `datalake local --events` sends it:
 * a value that fits its archive column for each configured payload field, the partition key
 * field (unless the envelope or a payload field already holds it) as one of
 * {@link SAMPLE_USERS} users `u-<n>`, and the event's number `n`.
 *
 * @example
 * ```ts
 * samplePayload({ partitionKeyField: 'userId', payloadFields: { price: 'decimal(12,2)' } }, 7);
 * // { price: 7.5, userId: 'u-7', n: 7 }
 * ```
 */
export function samplePayload(stream: SamplePayloadStream, index: number): Record<string, unknown> {
  const payload: Record<string, unknown> = {};
  for (const [field, type] of Object.entries(stream.payloadFields ?? {}))
    payload[field] = sampleValue(glueType(type), index);
  const key = stream.partitionKeyField;
  if (!ENVELOPE_FIELDS.has(key) && !(key in payload)) payload[key] = `u-${index % SAMPLE_USERS}`;
  if (!('n' in payload)) payload.n = index;
  return payload;
}
