import * as z from 'zod';

/** A value as the archive row carries it to Firehose's OpenX JSON SerDe. */
export type ArchiveValue = string | number | boolean | null;

/** The outcome of fitting one payload value to its column type. */
export type ArchiveValueResult =
  | { readonly ok: true; readonly value: ArchiveValue }
  | { readonly ok: false; readonly problem: string };

const INTEGER_RANGES: Readonly<Record<string, readonly [number, number]>> = {
  tinyint: [-128, 127],
  smallint: [-32768, 32767],
  int: [-2147483648, 2147483647],
  // JSON numbers beyond 2^53 have already lost digits when parsed, so bigint stops there.
  bigint: [Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER],
};

const isoDateTime = z.iso.datetime({ offset: true });
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DECIMAL_TEXT = /^-?(\d+)(?:\.(\d+))?$/;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

const ok = (value: ArchiveValue): ArchiveValueResult => ({ ok: true, value });
const fail = (problem: string): ArchiveValueResult => ({ ok: false, problem });

/**
 * Fits one payload value to its Glue column type, in the form Firehose's OpenX JSON SerDe
 * reads without loss, or says why it does not fit. `undefined` and `null` (a field the event
 * does not have) become `null`; every other mismatch is a problem, never a silent null.
 *
 * Timestamps become `yyyy-MM-ddTHH:mm:ss.SSSZ` in UTC, one of the formats the OpenX SerDe
 * reads (https://docs.aws.amazon.com/firehose/latest/dev/record-format-conversion.html lists
 * `yyyy-MM-dd'T'HH:mm:ss[.S]'Z'`, epoch seconds and epoch milliseconds); an ISO 8601 string
 * with any offset or epoch milliseconds is accepted. Decimals travel as text, so no digit is
 * lost to a binary float.
 *
 * @param type a Glue type as {@link glueType} writes it
 * @example
 * ```ts
 * archiveValue('2026-11-23T18:15:02.123+09:00', 'timestamp'); // { ok: true, value: '2026-11-23T09:15:02.123Z' }
 * archiveValue(300, 'tinyint'); // { ok: false, problem: 'got 300; allowed: an integer from -128 to 127' }
 * ```
 */
export function archiveValue(value: unknown, type: string): ArchiveValueResult {
  if (value === undefined || value === null) return ok(null);
  const range = INTEGER_RANGES[type];
  if (range) return integerValue(value, range);
  if (type === 'boolean')
    return typeof value === 'boolean' ? ok(value) : fail(`got ${describe(value)}; allowed: true or false`);
  if (type === 'float' || type === 'double') {
    return typeof value === 'number' && Number.isFinite(value)
      ? ok(value)
      : fail(`got ${describe(value)}; allowed: a finite number`);
  }
  if (type === 'string')
    return typeof value === 'string' ? ok(value) : fail(`got ${describe(value)}; allowed: a string`);
  if (type === 'timestamp') return timestampValue(value);
  if (type === 'date') return dateValue(value);
  if (type === 'binary') {
    return typeof value === 'string' && BASE64.test(value)
      ? ok(value)
      : fail(`got ${describe(value)}; allowed: base64 text`);
  }
  const decimal = /^decimal\((\d+),(\d+)\)$/.exec(type);
  if (decimal) return decimalValue(value, Number(decimal[1]), Number(decimal[2]));
  const sized = /^(?:var)?char\((\d+)\)$/.exec(type);
  if (sized) return sizedValue(value, Number(sized[1]));
  return fail(`column type ${type} is not one the archive writes`);
}

function integerValue(value: unknown, [min, max]: readonly [number, number]): ArchiveValueResult {
  if (typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max) return ok(value);
  return fail(`got ${describe(value)}; allowed: an integer from ${min} to ${max}`);
}

function timestampValue(value: unknown): ArchiveValueResult {
  const allowed = 'allowed: ISO 8601 date-time with Z or an offset, or epoch milliseconds';
  if (typeof value === 'number' && Number.isSafeInteger(value)) return utc(new Date(value), value, allowed);
  if (typeof value === 'string' && isoDateTime.safeParse(value).success)
    return utc(new Date(value), value, allowed);
  return fail(`got ${describe(value)}; ${allowed}`);
}

function utc(date: Date, value: unknown, allowed: string): ArchiveValueResult {
  // toISOString throws outside years 0..9999 written with four digits; Athena reads no more.
  const year = date.getUTCFullYear();
  if (Number.isNaN(date.getTime()) || year < 1 || year > 9999)
    return fail(`got ${describe(value)}; ${allowed} in years 1 to 9999`);
  return ok(date.toISOString());
}

function dateValue(value: unknown): ArchiveValueResult {
  const match = typeof value === 'string' ? DATE.exec(value) : null;
  if (match) {
    const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
    if (date.toISOString().slice(0, 10) === value) return ok(value as string);
  }
  return fail(`got ${describe(value)}; allowed: a calendar date as yyyy-MM-dd`);
}

function decimalValue(value: unknown, precision: number, scale: number): ArchiveValueResult {
  const allowed = `allowed: a number with at most ${precision - scale} integer and ${scale} fraction digits`;
  const text = typeof value === 'number' && Number.isFinite(value) ? String(value) : value;
  const match = typeof text === 'string' ? DECIMAL_TEXT.exec(text) : null;
  if (!match) return fail(`got ${describe(value)}; ${allowed} (a JSON number or its text)`);
  const integerDigits = (match[1] ?? '').replace(/^0+(?=\d)/, '');
  const fraction = match[2] ?? '';
  const significant = integerDigits === '0' ? 0 : integerDigits.length;
  if (significant > precision - scale || fraction.length > scale)
    return fail(`got ${describe(value)}; ${allowed}`);
  return ok(text as string);
}

function sizedValue(value: unknown, length: number): ArchiveValueResult {
  if (typeof value === 'string' && [...value].length <= length) return ok(value);
  return fail(`got ${describe(value)}; allowed: a string of at most ${length} characters`);
}

function describe(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
