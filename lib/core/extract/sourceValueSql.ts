import { DataLakeError } from '../errors';
import type { SourceEngine } from '../types';

/** A value compared in a chunk's WHERE clause: an exact integer, or text the server converts. */
export type SourceValue = { readonly integer: string } | { readonly text: string };

const INTEGER = /^-?\d{1,40}$/;

/**
 * Renders one value of a chunk predicate for the engine, pushing MySQL text values onto `params`.
 *
 * Integers are validated and inlined, so a BIGINT UNSIGNED key compares exactly (a bound text
 * value would be compared as a double by MySQL). PostgreSQL text is inlined as a standard literal
 * (`'` doubled; the reader's sessions run with `standard_conforming_strings = on`, so a backslash
 * is an ordinary character).
 *
 * @throws DataLakeError for an integer that is not one, or text holding a NUL character
 * @example
 * ```ts
 * sourceValueSql('postgres', { text: "O'Brien" }, []); // "'O''Brien'"
 * sourceValueSql('mysql', { integer: '18446744073709551615' }, []); // '18446744073709551615'
 * ```
 */
export function sourceValueSql(engine: SourceEngine, value: SourceValue, params: string[]): string {
  if ('integer' in value) {
    if (!INTEGER.test(value.integer)) {
      throw new DataLakeError(
        `Invalid integer key or watermark value: received ${JSON.stringify(value.integer)}; allowed: an optional minus and up to 40 digits`,
      );
    }
    return value.integer;
  }
  if (value.text.includes('\0')) {
    throw new DataLakeError(
      `Invalid key or watermark value: received ${JSON.stringify(value.text)}; allowed: text without NUL characters`,
    );
  }
  if (engine === 'mysql') {
    params.push(value.text);
    return '?';
  }
  return `'${value.text.replaceAll("'", "''")}'`;
}
