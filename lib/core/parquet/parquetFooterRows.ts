import { DataLakeError } from '../errors';
import { ThriftCompactReader } from './ThriftCompactReader';

/** `FileMetaData.num_rows` in parquet.thrift: `3: required i64 num_rows`. */
const NUM_ROWS_FIELD = 3;
/** The compact type id of an i64. */
const I64 = 6;

/**
 * The row count of a Parquet file, from its footer: the `num_rows` field of the Thrift
 * `FileMetaData` (the sum of its row groups' rows), read without the schema or the row groups.
 *
 * @param footer the footer's bytes (see `parquetFooterLength`)
 * @param what the file, named in errors
 * @throws DataLakeError when the footer is not a readable FileMetaData or has no valid `num_rows`
 * @example
 * ```ts
 * parquetFooterRows(footer, 's3://raw/…/part-00000.parquet'); // 250000
 * ```
 */
export function parquetFooterRows(footer: Uint8Array, what: string): number {
  const reader = new ThriftCompactReader(footer, what);
  for (let field = reader.fieldHeader(); field !== undefined; field = reader.fieldHeader()) {
    if (field.id !== NUM_ROWS_FIELD || field.type !== I64) {
      reader.skip(field.type);
      continue;
    }
    const rows = reader.zigzag();
    if (rows < 0n || rows > BigInt(Number.MAX_SAFE_INTEGER)) {
      throw new DataLakeError(
        `Invalid row count in the Parquet footer of ${what}: ${rows}; allowed: 0 to ${Number.MAX_SAFE_INTEGER}`,
      );
    }
    return Number(rows);
  }
  throw new DataLakeError(
    `The Parquet footer of ${what} has no num_rows; allowed: a FileMetaData with its required field 3 (num_rows)`,
  );
}
