import { CsvReadError } from '../errors';

const CSV_LINE = /^(?:Error: )?Invalid Input Error: CSV Error on Line: (\d+)/;
const MAX_LINE = /Maximum line size of (\d+) bytes exceeded\. Actual Size:\s*(\d+) bytes/g;
const FULL_READ =
  /^(?:Error: )?Not implemented Error: The Parallel CSV Reader currently does not support a full read/;

/**
 * Whether DuckDB's error `message` is its CSV reader refusing the landed CSV, as a value-free
 * error: the line number, and the line's size when it was over `max_line_size`. DuckDB writes the
 * line before the reason, and a value could imitate the reason, so the sizes come from the last
 * match. The extract's CSV is always well formed, yet DuckDB's parallel reader refuses lines of a
 * few MiB that straddle two of its buffers with other reasons ("Value with unterminated quote",
 * "Expected Number of Columns", "does not support a full read": measured here with 5 and 20 MiB
 * lines), which its serial reader reads; so the extract reads such a chunk again serially.
 *
 * @example
 * ```ts
 * csvReadError('Invalid Input Error: CSV Error on Line: 3\nOriginal Line: …\nMaximum line size of 2097152 bytes exceeded. Actual Size:5242893 bytes.');
 * // CsvReadError { line: 3, lineBytes: 5242893, limitBytes: 2097152 }
 * ```
 */
export function csvReadError(message: string): CsvReadError | undefined {
  if (FULL_READ.test(message)) return new CsvReadError({});
  const line = CSV_LINE.exec(message);
  if (line === null) return undefined;
  const sizes = [...message.matchAll(MAX_LINE)].at(-1);
  return new CsvReadError({
    line: Number(line[1]),
    ...(sizes === undefined ? {} : { lineBytes: Number(sizes[2]), limitBytes: Number(sizes[1]) }),
  });
}
