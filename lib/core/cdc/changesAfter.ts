import { DataLakeError } from '../errors';
import { type ChangeFile, changeFileOf } from './changeFileOf';

/** The change files one apply takes. */
export interface ChangeBatch {
  /** In apply order; empty when nothing is new. */
  readonly files: readonly ChangeFile[];
  /** The position of the last file taken: the table's applied position once the batch is committed. */
  readonly through?: string;
}

/**
 * The change files after the applied position, oldest first, at most `maxFiles` of them (the rest
 * waits for the next apply, so one apply stays within one Lambda's time).
 *
 * @param keys the keys listed under the table's DMS folder, in any order; objects other than
 *   Parquet files are ignored
 * @throws DataLakeError naming a Parquet file whose name is neither a full-load nor a CDC file's
 * @param after the applied position (the `through` of the batch readers see); `undefined`: nothing applied yet
 * @example
 * ```ts
 * changesAfter(['t/20261207-1030150000.parquet', 't/LOAD00000001.parquet'], undefined, 100).files.map((f) => f.key);
 * // ['t/LOAD00000001.parquet', 't/20261207-1030150000.parquet']
 * ```
 */
export function changesAfter(
  keys: Iterable<string>,
  after: string | undefined,
  maxFiles: number,
): ChangeBatch {
  const files = [...keys]
    .flatMap((key) => {
      const file = changeFileOf(key);
      if (file === undefined && key.endsWith('.parquet')) {
        // Skipping it could lose changes: a file DMS names otherwise than its docs say stops the apply.
        throw new DataLakeError(
          `Change file ${key} is named neither as a DMS full-load file (LOAD00000001.parquet) nor as a CDC file (20141029-1134010000.parquet); nothing was applied`,
        );
      }
      return file === undefined || (after !== undefined && file.position <= after) ? [] : [file];
    })
    .sort((a, b) => (a.position < b.position ? -1 : a.position > b.position ? 1 : 0))
    .slice(0, Math.max(1, maxFiles));
  const last = files.at(-1);
  return last === undefined ? { files } : { files, through: last.position };
}
