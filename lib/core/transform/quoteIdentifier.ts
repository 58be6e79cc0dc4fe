import { DataLakeError } from '../errors';

/**
 * A DuckDB identifier in double quotes, inner `"` doubled, so any column name (spaces, quotes,
 * `;`, SQL keywords, Korean) reads as one name and never as SQL.
 *
 * @throws DataLakeError for an empty name or one holding a NUL character, which no engine accepts
 * @example
 * ```ts
 * quoteIdentifier('a"b; DROP TABLE x; --'); // '"a""b; DROP TABLE x; --"'
 * ```
 */
export function quoteIdentifier(name: string): string {
  if (name === '' || name.includes('\0')) {
    throw new DataLakeError(
      `Invalid SQL identifier: received ${JSON.stringify(name)}; allowed: a non-empty name without NUL characters`,
    );
  }
  return `"${name.replaceAll('"', '""')}"`;
}
