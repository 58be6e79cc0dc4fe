import type { QueryValue } from './QueryResult';

/** Athena types every value of which is exactly a JS number. */
const INTEGER_TYPES = new Set(['tinyint', 'smallint', 'integer', 'int']);
const FLOAT_TYPES = new Set(['float', 'real', 'double']);

/**
 * Turns one value of GetQueryResults (always text, `VarCharValue`, absent for NULL) into a JS
 * value by its column type, never by the value, so a column has one JSON type (see
 * {@link QueryValue}): booleans, 32-bit integers and floats become JS values (a float's `NaN`,
 * `Infinity`, `-Infinity` stay text, which JSON can hold); bigint and decimal stay text, since a
 * JS number would round some of their values. Other types stay as Athena's text: a `json`
 * column's JSON text, which `--format json` embeds as JSON; and array, map and row values in
 * Athena's display form (`{last=Smith, first=Bob}`: strings unquoted, so it cannot be read back
 * as JSON without guessing; `CAST(x AS JSON)` in the query gives JSON, per "Convert Athena data
 * types to JSON", Amazon Athena User Guide).
 *
 * @example
 * ```ts
 * athenaValue('integer', '42'); // 42
 * athenaValue('bigint', '9007199254740993'); // '9007199254740993'
 * athenaValue('decimal', '12.30'); // '12.30'
 * athenaValue('varchar', undefined); // null
 * ```
 */
export function athenaValue(type: string, text: string | undefined): QueryValue {
  if (text === undefined) return null;
  const base = type.toLowerCase();
  if (base === 'boolean') return text === 'true';
  if (INTEGER_TYPES.has(base)) return Number.parseInt(text, 10);
  if (FLOAT_TYPES.has(base)) {
    const value = Number(text);
    return Number.isFinite(value) ? value : text;
  }
  return text;
}
