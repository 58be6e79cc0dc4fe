import type { QueryValue } from './QueryResult';

const INTEGER_TYPES = new Set(['tinyint', 'smallint', 'integer', 'int']);
const FLOAT_TYPES = new Set(['float', 'real', 'double']);

/**
 * Turns one value of GetQueryResults (always text, `VarCharValue`, absent for NULL) into a JS
 * value by its column type: booleans and 32-bit integers and floats become JS values; bigint and
 * decimal stay text, since a JS number would round them.
 *
 * @example
 * ```ts
 * athenaValue('integer', '42'); // 42
 * athenaValue('decimal', '12.30'); // '12.30'
 * athenaValue('varchar', undefined); // null
 * ```
 */
export function athenaValue(type: string, text: string | undefined): QueryValue {
  if (text === undefined) return null;
  const base = type.toLowerCase();
  if (base === 'boolean') return text === 'true';
  if (INTEGER_TYPES.has(base)) return Number.parseInt(text, 10);
  if (FLOAT_TYPES.has(base)) return Number(text);
  return text;
}
