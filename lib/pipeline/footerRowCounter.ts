import type { ObjectStore } from '../adapters/objectStore';
import { DataLakeError } from '../core/errors';
import { mapConcurrently } from '../core/extract/mapConcurrently';
import { PARQUET_TAIL_BYTES, parquetFooterLength, parquetFooterRows } from '../core/parquet';
import type { ExportRowCounter } from './ExportRowCounter';

/** The smallest Parquet file: the leading magic and the tail (footer length and magic). */
const PARQUET_MIN_BYTES = 4 + PARQUET_TAIL_BYTES;

/** Options of {@link footerRowCounter}. */
export interface FooterRowCounterOptions {
  /**
   * Parts whose footers are read at the same time (two small GETs each).
   *
   * @default 16
   */
  readonly concurrency?: number;
}

/**
 * An {@link ExportRowCounter} that reads only each part's Parquet footer: one ranged read of the
 * last 8 bytes (the footer's length and the magic), then one of the footer, whose Thrift
 * `FileMetaData` holds the file's row count. A part of any size costs two small reads (a few KB),
 * so a plan over an export of any size stays far inside the Lambda timeout.
 *
 * @throws DataLakeError naming the part when it is not Parquet or its footer cannot be read
 * @example
 * ```ts
 * const countRows = footerRowCounter(new S3ObjectStore({ client }));
 * await countRows('raw', [{ key: 'exports/exp-1/service/service.users/1/part-00000-….gz.parquet', bytes: 5_242_880 }]); // 20000
 * ```
 */
export function footerRowCounter(
  store: ObjectStore,
  options: FooterRowCounterOptions = {},
): ExportRowCounter {
  return async (bucket, parts) => {
    const rows = await mapConcurrently(parts, options.concurrency ?? 16, async ({ key, bytes }) => {
      const what = `s3://${bucket}/${key}`;
      if (bytes < PARQUET_MIN_BYTES) {
        throw new DataLakeError(
          `Not a Parquet file: ${what} has ${bytes} bytes; allowed: at least ${PARQUET_MIN_BYTES} (magic, footer length, magic)`,
        );
      }
      const tail = await store.readRange(bucket, key, bytes - PARQUET_TAIL_BYTES, PARQUET_TAIL_BYTES);
      const length = parquetFooterLength(tail, bytes, what);
      const footer = await store.readRange(bucket, key, bytes - PARQUET_TAIL_BYTES - length, length);
      return parquetFooterRows(footer, what);
    });
    return rows.reduce((sum, count) => sum + count, 0);
  };
}
