/**
 * One canonical text per curated Athena type, for comparing what the lake holds with the source
 * exactly, whichever side or reader a value comes from:
 * - tinyint, smallint, int, bigint, decimal(20,0): the base-10 integer.
 * - decimal(p,s): the plain decimal with exactly s fraction digits, e.g. `-0.50`.
 * - float: `f32:` and the 8 hex digits of the IEEE-754 single; double: `f64:` and 16 hex digits
 *   (so -0 is not 0; NaN is compared as NaN, its payload is not kept by JS).
 * - boolean: `true` or `false`.
 * - string: the text itself, byte for byte (NFD stays NFD, no trimming).
 * - binary: lowercase hex of the bytes.
 * - date: `YYYY-MM-DD`, proleptic Gregorian; timestamp: `YYYY-MM-DD HH:MM:SS.ffffff`, the UTC
 *   wall clock for `timestamp with time zone`.
 * - array<T>: the array of its elements' canonical texts, NULL elements null.
 * - NULL: null; so is a date that is not a calendar date (a MySQL zero date `0000-00-00`, a
 *   partial zero `2024-00-15`, year 0000, `2024-02-30`), as the source default
 *   `invalidDates: null` lands it.
 */
import type { HyparquetValue } from './readParquetWithHyparquet';

/** A value in its canonical form. */
export type Canonical = null | string | readonly Canonical[];

function float32Bits(value: number): string {
  const view = new DataView(new ArrayBuffer(4));
  view.setFloat32(0, value);
  return `f32:${view.getUint32(0).toString(16).padStart(8, '0')}`;
}

function float64Bits(value: number): string {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, value);
  return `f64:${view.getBigUint64(0).toString(16).padStart(16, '0')}`;
}

/** A float's text as PostgreSQL, MariaDB or DuckDB print it (`NaN`, `nan`, `inf`, `-0.0`…). */
function floatFromText(text: string): number {
  const special: Record<string, number> = {
    nan: Number.NaN,
    inf: Infinity,
    '-inf': -Infinity,
    infinity: Infinity,
    '-infinity': -Infinity,
  };
  const value = special[text.toLowerCase()] ?? Number(text);
  if (text.trim() === '' || (Number.isNaN(value) && !text.toLowerCase().includes('nan'))) {
    throw new Error(`not a float: ${JSON.stringify(text)}`);
  }
  return value;
}

function decimalText(unscaled: bigint, scale: number): string {
  const negative = unscaled < 0n;
  const digits = (negative ? -unscaled : unscaled).toString().padStart(scale + 1, '0');
  const text = scale === 0 ? digits : `${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
  return negative ? `-${text}` : text;
}

/** `decimal(p,s)` text with exactly s fraction digits; anything else is returned as is, to show. */
function canonicalDecimal(text: string, scale: number): string {
  const match = /^(-?)(\d+)(?:\.(\d*))?$/.exec(text);
  const fraction = match?.[3] ?? '';
  if (!match || fraction.length > scale) return text;
  return decimalText(BigInt(`${match[1]}${match[2]}${fraction.padEnd(scale, '0')}`), scale);
}

const pad = (value: number | bigint, width: number) => String(value).padStart(width, '0');

/** A date's days since 1970-01-01 as `YYYY-MM-DD`, proleptic Gregorian (Hinnant's civil_from_days). */
function dateFromDays(days: number): string {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  return `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`;
}

function timestampFromMicros(micros: bigint): string {
  const perDay = 86_400_000_000n;
  let days = micros / perDay;
  let rest = micros % perDay;
  if (rest < 0n) {
    days -= 1n;
    rest += perDay;
  }
  const seconds = rest / 1_000_000n;
  return `${dateFromDays(Number(days))} ${pad(seconds / 3600n, 2)}:${pad((seconds / 60n) % 60n, 2)}:${pad(seconds % 60n, 2)}.${pad(rest % 1_000_000n, 6)}`;
}

/** Days in a month of the proleptic Gregorian calendar. */
function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** `YYYY-MM-DD`; null for a date that is not a calendar date (a MySQL zero, partial-zero or impossible date). */
function canonicalDate(text: string): string | null {
  const match = /^(\d{1,4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) return text;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (year === 0 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  return `${(match[1] ?? '').padStart(4, '0')}-${match[2]}-${match[3]}`;
}

function canonicalTimestamp(text: string): string | null {
  const match = /^(\d{1,4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,6}))?$/.exec(text);
  if (!match) return text;
  const date = canonicalDate(`${match[1]}-${match[2]}-${match[3]}`);
  return date === null
    ? null
    : `${date} ${match[4]}:${match[5]}:${match[6]}.${(match[7] ?? '').padEnd(6, '0')}`;
}

/**
 * A source or DuckDB value (text, a float as a JS number, or an array, possibly as JSON text) in
 * its canonical form.
 *
 * @param athena - the column's curated Athena type, e.g. `decimal(10,2)` or `array<int>`
 * @example
 * ```ts
 * canonicalValue('decimal(10,2)', '-0.5'); // '-0.50'
 * canonicalValue('float', '0.1'); // 'f32:3dcccccd'
 * ```
 */
export function canonicalValue(athena: string, value: unknown): Canonical {
  if (value === null || value === undefined) return null;
  const array = /^array<(.+)>$/.exec(athena);
  if (array) {
    const elements = typeof value === 'string' ? (JSON.parse(value) as unknown[]) : (value as unknown[]);
    return elements.map((element) =>
      canonicalValue(array[1] ?? '', typeof element === 'number' ? String(element) : element),
    );
  }
  if (athena === 'float' || athena === 'double') {
    const number = typeof value === 'number' ? value : floatFromText(String(value));
    return athena === 'float' ? float32Bits(Math.fround(number)) : float64Bits(number);
  }
  const text = String(value);
  if (athena === 'boolean')
    return { '0': 'false', f: 'false', false: 'false', '1': 'true', t: 'true', true: 'true' }[text] ?? text;
  if (['tinyint', 'smallint', 'int', 'bigint'].includes(athena))
    return /^-?\d+$/.test(text) ? String(BigInt(text)) : text;
  const decimal = /^decimal\(\d+,(\d+)\)$/.exec(athena);
  if (decimal) return canonicalDecimal(text, Number(decimal[1]));
  if (athena === 'binary') return text.toLowerCase();
  if (athena === 'date') return canonicalDate(text);
  if (athena === 'timestamp') return canonicalTimestamp(text);
  return text;
}

/**
 * A value as {@link HyparquetValue} tags it, in its canonical form.
 *
 * @param athena - the column's curated Athena type, e.g. `timestamp`
 * @example
 * ```ts
 * canonicalHyparquetValue('timestamp', { $micros: '-1' }); // '1969-12-31 23:59:59.999999'
 * ```
 */
export function canonicalHyparquetValue(athena: string, value: HyparquetValue): Canonical {
  if (value === null) return null;
  const array = /^array<(.+)>$/.exec(athena);
  if (Array.isArray(value))
    return value.map((element: HyparquetValue) => canonicalHyparquetValue(array?.[1] ?? '', element));
  if (typeof value === 'object') {
    if ('$bigint' in value) return canonicalValue(athena, value.$bigint);
    if ('$number' in value) return canonicalValue(athena, value.$number);
    if ('$bytes' in value) return value.$bytes;
    if ('$decimal' in value) return decimalText(BigInt(value.$decimal), value.scale);
    if ('$days' in value) return dateFromDays(value.$days);
    if ('$micros' in value) return timestampFromMicros(BigInt(value.$micros));
    return JSON.stringify(value);
  }
  if (typeof value === 'number')
    return canonicalValue(athena, athena === 'float' || athena === 'double' ? value : String(value));
  return canonicalValue(athena, String(value));
}
