import { DataLakeError } from '../errors';

/** A Parquet file ends with its footer's length (4 bytes, little endian) and the magic `PAR1`. */
export const PARQUET_TAIL_BYTES = 8;

/** The magic at both ends of a Parquet file whose footer is not encrypted. */
const MAGIC = 'PAR1';

/**
 * The length of a Parquet file's footer (its Thrift `FileMetaData`), read from the file's last
 * {@link PARQUET_TAIL_BYTES} bytes: the footer is the `length` bytes just before them.
 *
 * @param tail the file's last 8 bytes
 * @param fileBytes the file's size, to check the footer fits in it
 * @param what the file, named in errors
 * @throws DataLakeError when the tail does not end in `PAR1` (not Parquet, or an encrypted
 *   footer) or the length does not fit in the file
 * @example
 * ```ts
 * parquetFooterLength(lastEightBytes, 1_048_576, 's3://raw/…/part-00000.parquet'); // 1843
 * ```
 */
export function parquetFooterLength(tail: Uint8Array, fileBytes: number, what: string): number {
  const magic = Buffer.from(tail.subarray(4, 8)).toString('latin1');
  if (tail.length !== PARQUET_TAIL_BYTES || magic !== MAGIC) {
    throw new DataLakeError(
      `Not a Parquet file with a plain footer: ${what} ends in "${magic}"; allowed: a file ending in "${MAGIC}"`,
    );
  }
  const length = Buffer.from(tail).readUInt32LE(0);
  // The file starts with the magic too: 4 bytes, then data, the footer and the tail.
  const room = fileBytes - PARQUET_TAIL_BYTES - MAGIC.length;
  if (length === 0 || length > room) {
    throw new DataLakeError(
      `Invalid Parquet footer length in ${what}: ${length} bytes in a ${fileBytes}-byte file; allowed: 1 to ${Math.max(room, 0)} bytes`,
    );
  }
  return length;
}
