/** A value of a row: text (UTF-8), raw bytes, or NULL. */
export type PlainCsvValue = string | Buffer | null;

/**
 * The CSV record the extract's DuckDB reader expects for `values`, written the plain way, as the
 * oracle for the readers' byte-level encoders: NULL as an empty unquoted field, every other value
 * quoted with inner quotes doubled, the columns at `hexColumns` as lower-case hex, a newline at
 * the end.
 *
 * @example
 * ```ts
 * plainCsvRecord(['a"b', null, '']).toString(); // '"a""b",,""\n'
 * ```
 */
export function plainCsvRecord(values: readonly PlainCsvValue[], hexColumns: readonly number[] = []): Buffer {
  const fields = values.map((value, index) => {
    if (value === null) return '';
    const bytes = typeof value === 'string' ? Buffer.from(value, 'utf8') : value;
    const text = hexColumns.includes(index) ? bytes.toString('hex') : bytes.toString('latin1');
    return `"${text.replaceAll('"', '""')}"`;
  });
  return Buffer.from(`${fields.join(',')}\n`, 'latin1');
}
