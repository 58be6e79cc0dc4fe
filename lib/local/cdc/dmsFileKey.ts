import { cdcPrefix } from '../../core/naming';

const pad = (value: number, width = 2): string => String(value).padStart(width, '0');

/**
 * Where DMS's S3 target puts a table's file below the source's `BucketFolder` ({@link cdcPrefix}):
 * `<schema>/<table>/`, a full load's files named by a hexadecimal counter (`LOAD00000001.parquet`),
 * a CDC file by the time it was written (`20261207-103015123.parquet`, UTC) in its date folder
 * (`DatePartitionEnabled`, `YYYYMMDD`, `SLASH`), as "Using Amazon S3 as a target for AWS Database
 * Migration Service" gives them.
 *
 * @example
 * ```ts
 * dmsFileKey('shop', 'shop', 'items', { load: 1 }); // 'cdc/shop/shop/items/LOAD00000001.parquet'
 * dmsFileKey('shop', 'shop', 'items', { at: new Date('2026-12-07T10:30:15.123Z') });
 * // 'cdc/shop/shop/items/2026/12/07/20261207-103015123.parquet'
 * ```
 */
export function dmsFileKey(
  source: string,
  schema: string,
  table: string,
  file: { readonly load: number } | { readonly at: Date },
): string {
  const folder = `${cdcPrefix(source)}${schema}/${table}/`;
  if ('load' in file) return `${folder}LOAD${file.load.toString(16).toUpperCase().padStart(8, '0')}.parquet`;
  const at = file.at;
  const [year, month, day] = [at.getUTCFullYear(), pad(at.getUTCMonth() + 1), pad(at.getUTCDate())];
  const time = `${pad(at.getUTCHours())}${pad(at.getUTCMinutes())}${pad(at.getUTCSeconds())}${pad(at.getUTCMilliseconds(), 3)}`;
  return `${folder}${year}/${month}/${day}/${year}${month}${day}-${time}.parquet`;
}

/** A time as DMS's commit-time column text: `yyyy-MM-dd HH:mm:ss.SSSSSS`, UTC. */
export function dmsTimestamp(epochMicros: bigint): string {
  const millis = Number(epochMicros / 1000n);
  const micros = String(((epochMicros % 1_000_000n) + 1_000_000n) % 1_000_000n).padStart(6, '0');
  return `${new Date(millis).toISOString().slice(0, 19).replace('T', ' ')}.${micros}`;
}
