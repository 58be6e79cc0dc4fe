import { DataLakeError } from '../errors';
import type { SourceEngine } from '../types';

/**
 * An identifier quoted for the source engine: MySQL/MariaDB backticks, PostgreSQL double quotes,
 * the quote character doubled inside, so any table or column name reads as one name, never as SQL.
 *
 * @throws DataLakeError for an empty name or one holding a NUL character, which neither engine accepts
 * @example
 * ```ts
 * quoteSourceIdentifier('mysql', 'a`b'); // '`a``b`'
 * quoteSourceIdentifier('postgres', 'a"b'); // '"a""b"'
 * ```
 */
export function quoteSourceIdentifier(engine: SourceEngine, name: string): string {
  if (name === '' || name.includes('\0')) {
    throw new DataLakeError(
      `Invalid ${engine} identifier: received ${JSON.stringify(name)}; allowed: a non-empty name without NUL characters`,
    );
  }
  const quote = engine === 'mysql' ? '`' : '"';
  return `${quote}${name.replaceAll(quote, quote + quote)}${quote}`;
}
