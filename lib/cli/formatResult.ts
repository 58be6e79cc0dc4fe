import type { QueryResult, QueryValue } from '../adapters/athena';
import { displayWidth } from './displayWidth';

/** How `datalake query` prints rows. */
export type OutputFormat = 'table' | 'csv' | 'json';

/** The output formats, for the option's choices. */
export const OUTPUT_FORMATS: readonly OutputFormat[] = ['table', 'csv', 'json'];

function text(value: QueryValue): string {
  return value === null ? 'NULL' : String(value);
}

function csvField(value: QueryValue): string {
  if (value === null) return '';
  const raw = String(value);
  return /[",\n\r]/.test(raw) ? `"${raw.replaceAll('"', '""')}"` : raw;
}

/**
 * Aligned text columns with a header and a rule; numbers right-aligned. Wide characters
 * (Korean, emoji) count two columns.
 *
 * @example
 * ```ts
 * formatTable(['table', 'rows'], [['users', 400]]);
 * // table │ rows\n──────┼─────\nusers │  400
 * ```
 */
export function formatTable(headers: readonly string[], rows: readonly (readonly QueryValue[])[]): string {
  const cells = rows.map((row) => row.map(text));
  const widths = headers.map((header, i) =>
    Math.max(displayWidth(header), ...cells.map((row) => displayWidth(row[i] ?? ''))),
  );
  const numeric = headers.map(
    (_, i) => rows.length > 0 && rows.every((row) => typeof row[i] === 'number' || row[i] === null),
  );
  const pad = (value: string, i: number) => {
    const space = ' '.repeat((widths[i] ?? 0) - displayWidth(value));
    return numeric[i] ? space + value : value + space;
  };
  const line = (values: readonly string[]) => values.map(pad).join(' │ ').trimEnd();
  return [line(headers), widths.map((w) => '─'.repeat(w)).join('─┼─'), ...cells.map(line)].join('\n');
}

/**
 * A query result as `format`: an aligned table, RFC 4180 CSV with a header, or a JSON array of
 * row objects.
 *
 * @example
 * ```ts
 * formatResult(result, 'csv'); // 'month,users\n2024-01,17\n…'
 * ```
 */
export function formatResult(result: QueryResult, format: OutputFormat): string {
  const names = result.columns.map((column) => column.name);
  if (format === 'json') {
    const objects = result.rows.map((row) =>
      Object.fromEntries(names.map((name, i) => [name, row[i] ?? null])),
    );
    return JSON.stringify(objects, null, 2);
  }
  if (format === 'csv') {
    return [names.map(csvField), ...result.rows.map((row) => row.map(csvField))]
      .map((r) => r.join(','))
      .join('\n');
  }
  return formatTable(names, result.rows);
}
