/** Numeric type names of DuckDB and Athena, lower case, without `(precision, scale)`. */
const NUMERIC_TYPES = new Set([
  'tinyint',
  'smallint',
  'integer',
  'int',
  'bigint',
  'hugeint',
  'utinyint',
  'usmallint',
  'uinteger',
  'ubigint',
  'uhugeint',
  'float',
  'real',
  'double',
  'decimal',
]);

/**
 * Whether an engine's column type (DuckDB `DECIMAL(18,2)`, Athena `bigint`) is a number, so a
 * table aligns it right even where its values are exact text.
 *
 * @example
 * ```ts
 * isNumericType('DECIMAL(18,2)'); // true
 * isNumericType('varchar'); // false
 * ```
 */
export function isNumericType(type: string): boolean {
  return NUMERIC_TYPES.has(type.toLowerCase().replace(/\(.*$/, '').trim());
}
