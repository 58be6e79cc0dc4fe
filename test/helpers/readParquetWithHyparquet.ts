import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { DataLakeError } from '../../lib/core/errors';

/**
 * A value as hyparquet reads it, with what JSON cannot carry tagged (see hyparquetRows.mjs):
 * INT64 as `$bigint`, non-finite and negative-zero floats as `$number`, raw bytes as `$bytes`
 * (lowercase hex), DECIMAL as its unscaled integer and scale, DATE as days and TIMESTAMP as
 * microseconds since the epoch.
 */
export type HyparquetValue =
  | null
  | boolean
  | number
  | string
  | { readonly $bigint: string }
  | { readonly $number: 'NaN' | 'Infinity' | '-Infinity' | '-0' }
  | { readonly $bytes: string }
  | { readonly $decimal: string; readonly scale: number }
  | { readonly $days: number }
  | { readonly $micros: string }
  | readonly HyparquetValue[];

/** A row as hyparquet reads it: column name to value. */
export type HyparquetRow = Readonly<Record<string, HyparquetValue>>;

const SCRIPT = join(__dirname, 'hyparquetRows.mjs');

/**
 * Reads Parquet files with hyparquet (in a `node` child: hyparquet is ESM only) and returns their
 * rows, file after file: a reader independent of DuckDB for checking what the lake wrote.
 *
 * @example
 * ```ts
 * const rows = readParquetWithHyparquet(['/lake/buckets/curated/…/part-0.parquet']);
 * rows[0]?.id; // { $bigint: '1' }
 * ```
 */
export function readParquetWithHyparquet(files: readonly string[]): HyparquetRow[] {
  const result = spawnSync(process.execPath, [SCRIPT, ...files], {
    encoding: 'utf8',
    maxBuffer: 1024 * 1024 * 1024,
    // A reader that hangs fails the test instead of holding it.
    timeout: 120_000,
  });
  if (result.error || result.status !== 0) {
    throw new DataLakeError(
      `hyparquet could not read ${files.join(', ')} (exit ${result.status}): ${result.stderr}`,
      { cause: result.error },
    );
  }
  return (JSON.parse(result.stdout) as { rows: HyparquetRow[] }).rows;
}
