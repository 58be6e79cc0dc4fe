/**
 * One CSV record (with its newline) as PostgreSQL's `COPY … (FORMAT csv)` writes it and the
 * extract's DuckDB reader expects: NULL as an empty unquoted field, every value quoted with inner
 * `"` doubled, so an empty string (`""`) stays distinct from NULL and commas, quotes and newlines
 * inside values survive.
 *
 * @example
 * ```ts
 * csvRecord(['안녕 "hi"', null, '']); // '"안녕 ""hi""",,""\n'
 * ```
 */
export function csvRecord(values: readonly (string | null)[]): string {
  let line = '';
  for (let index = 0; index < values.length; index += 1) {
    const value = values[index];
    if (index > 0) line += ',';
    if (value !== null && value !== undefined) {
      line += value.includes('"') ? `"${value.replaceAll('"', '""')}"` : `"${value}"`;
    }
  }
  return `${line}\n`;
}
