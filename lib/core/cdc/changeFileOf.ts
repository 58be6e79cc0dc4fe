/** Which phase of a DMS replication wrote a file: the full load, or change data capture. */
export type ChangeFileKind = 'full-load' | 'cdc';

/** One DMS Parquet file of a table and where it stands in the order DMS wrote the table's changes. */
export interface ChangeFile {
  readonly key: string;
  readonly kind: ChangeFileKind;
  /**
   * Sorts as the file's changes apply: every full-load file before every CDC file, then by file
   * name (the full load's hexadecimal counter, a CDC file's timestamp), then by key. Comparable
   * as plain strings; the applied position of a table is the position of its last applied file.
   */
  readonly position: string;
}

/** `LOAD00000001.parquet`, `LOAD0000000A.parquet`; a parallel load prefixes its segment (`SEGMENT1_`). */
const FULL_LOAD_NAME = /^(?:SEGMENT\d+_)?LOAD[0-9A-F]{8}\.parquet$/;
/** `20141029-1134010000.parquet`: the time DMS wrote the file, fixed width, so names sort by time. */
const CDC_NAME = /^\d{8}-\d{6,}\.parquet$/;

/**
 * The change file a key names, or `undefined` for any other object (a CSV file, DMS's own
 * metadata). AWS DMS names a full load's files with an incremental hexadecimal counter
 * (`LOAD00000001`) and CDC files with timestamps (`20141029-1134010000`), under
 * `[BucketFolder/]schema/table/`, CDC files in date folders below that with `DatePartitionEnabled`
 * ("Using Amazon S3 as a target for AWS Database Migration Service",
 * https://docs.aws.amazon.com/dms/latest/userguide/CHAP_Target.S3.html). Ordering by the file
 * name, not the whole key, keeps date folders in any `DatePartitionSequence` (`DDMMYYYY` too) in time order.
 *
 * @example
 * ```ts
 * changeFileOf('dms/shop/items/LOAD0000000A.parquet');
 * // { key: 'dms/shop/items/LOAD0000000A.parquet', kind: 'full-load', position: '0/LOAD0000000A.parquet/dms/shop/items/LOAD0000000A.parquet' }
 * changeFileOf('dms/shop/items/2026/12/07/20261207-1030150000.parquet')?.kind; // 'cdc'
 * ```
 */
export function changeFileOf(key: string): ChangeFile | undefined {
  const name = key.slice(key.lastIndexOf('/') + 1);
  const kind: ChangeFileKind | undefined = FULL_LOAD_NAME.test(name)
    ? 'full-load'
    : CDC_NAME.test(name)
      ? 'cdc'
      : undefined;
  if (kind === undefined) return undefined;
  return { key, kind, position: `${kind === 'full-load' ? '0' : '1'}/${name}/${key}` };
}
