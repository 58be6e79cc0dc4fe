/**
 * An Athena (Hive DDL) type in one spelling, so two spellings of a type compare equal:
 * lower case, no spaces, `integer` as `int`, `decimal(p)` as `decimal(p,0)`.
 *
 * @example
 * ```ts
 * normalizeAthenaType('DECIMAL(10, 2)'); // 'decimal(10,2)'
 * normalizeAthenaType('array<INTEGER>'); // 'array<int>'
 * ```
 */
export function normalizeAthenaType(type: string): string {
  return type
    .toLowerCase()
    .replaceAll(/\s+/g, '')
    .replaceAll(/\binteger\b/g, 'int')
    .replaceAll(/\bdecimal\((\d+)\)/g, 'decimal($1,0)');
}
