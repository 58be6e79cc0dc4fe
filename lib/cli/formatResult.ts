import type { QueryColumn, QueryResult, QueryValue } from '../adapters/athena';
import { displayWidth } from './displayWidth';
import { isNumericType } from './isNumericType';

/** How `datalake query` prints rows. */
export type OutputFormat = 'table' | 'csv' | 'json';

/** The output formats, for the option's choices. */
export const OUTPUT_FORMATS: readonly OutputFormat[] = ['table', 'csv', 'json'];

/** How `--format` writes values, for `datalake query --help` and the README. */
export const OUTPUT_FORMAT_RULES = [
  '  table  aligned columns, numbers right-aligned; NULL shown as NULL',
  '  csv    RFC 4180 with a header row; NULL is an empty unquoted field and an',
  '         empty string is "" (the PostgreSQL COPY convention)',
  '  json   an array of row objects with one JSON type per column, decided by the',
  "         column's type, never by the value:",
  '           BOOLEAN                        true / false',
  '           TINYINT, SMALLINT, INTEGER     numbers',
  '           REAL, FLOAT, DOUBLE            numbers; NaN, Infinity, -Infinity as strings',
  '           BIGINT, HUGEINT, DECIMAL       strings, always (a JSON number would round some)',
  '           lists, structs (--local)       arrays, objects; a MAP as [{"key": …, "value": …}]',
  '           json                           the JSON itself',
  '           dates, times, the rest         strings',
  '         Athena returns array, map and row values as display text, kept as strings:',
  '         select CAST(x AS JSON) to get them as JSON.',
].join('\n');

/** A value as one cell of text: NULL as `NULL`, lists and structs as JSON. */
function text(value: QueryValue): string {
  if (value === null) return 'NULL';
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

/** A CSV field: NULL empty and unquoted, '' quoted, quotes, commas and line breaks quoted. */
function csvField(value: QueryValue): string {
  if (value === null) return '';
  const raw = typeof value === 'object' ? JSON.stringify(value) : String(value);
  return raw === '' || /[",\n\r]/.test(raw) ? `"${raw.replaceAll('"', '""')}"` : raw;
}

/** A value as JSON; a json column's text as the JSON it holds, verbatim, so no digit is lost. */
function jsonValue(column: QueryColumn | undefined, value: QueryValue): string {
  if (typeof value === 'string' && column?.type.toLowerCase() === 'json') {
    try {
      JSON.parse(value);
      return value;
    } catch {
      return JSON.stringify(value);
    }
  }
  return JSON.stringify(value);
}

/** The rows as a JSON array of objects, two spaces per level. */
function formatJson(result: QueryResult): string {
  if (result.rows.length === 0) return '[]';
  const objects = result.rows.map((row) => {
    const fields = result.columns.map(
      (column, i) => `    ${JSON.stringify(column.name)}: ${jsonValue(column, row[i] ?? null)}`,
    );
    return fields.length === 0 ? '  {}' : `  {\n${fields.join(',\n')}\n  }`;
  });
  return `[\n${objects.join(',\n')}\n]`;
}

/**
 * Aligned text columns with a header and a rule; numbers right-aligned. Wide characters
 * (Korean, emoji) count two columns.
 *
 * @param numeric which columns to align right; by default those whose every value is a JS
 *   number (with at least one row)
 * @example
 * ```ts
 * formatTable(['table', 'rows'], [['users', 400]]);
 * // table │ rows\n──────┼─────\nusers │  400
 * ```
 */
export function formatTable(
  headers: readonly string[],
  rows: readonly (readonly QueryValue[])[],
  numeric: readonly boolean[] = headers.map(
    (_, i) => rows.length > 0 && rows.every((row) => typeof row[i] === 'number' || row[i] === null),
  ),
): string {
  const cells = rows.map((row) => row.map(text));
  const widths = headers.map((header, i) =>
    Math.max(displayWidth(header), ...cells.map((row) => displayWidth(row[i] ?? ''))),
  );
  const pad = (value: string, i: number) => {
    const space = ' '.repeat((widths[i] ?? 0) - displayWidth(value));
    return numeric[i] ? space + value : value + space;
  };
  const line = (values: readonly string[]) => values.map(pad).join(' │ ').trimEnd();
  return [line(headers), widths.map((w) => '─'.repeat(w)).join('─┼─'), ...cells.map(line)].join('\n');
}

/**
 * A query result as `format` (see {@link OUTPUT_FORMAT_RULES}): an aligned table with numeric
 * columns right-aligned, RFC 4180 CSV with a header and NULL told from '', or a JSON array of
 * row objects with one JSON type per column.
 *
 * @example
 * ```ts
 * formatResult(result, 'csv'); // 'month,users,note\n2024-01,17,\n2024-02,3,""'
 * ```
 */
export function formatResult(result: QueryResult, format: OutputFormat): string {
  const names = result.columns.map((column) => column.name);
  if (format === 'json') return formatJson(result);
  if (format === 'csv') {
    return [names.map(csvField), ...result.rows.map((row) => row.map(csvField))]
      .map((r) => r.join(','))
      .join('\n');
  }
  return formatTable(
    names,
    result.rows,
    result.columns.map((column) => isNumericType(column.type)),
  );
}
