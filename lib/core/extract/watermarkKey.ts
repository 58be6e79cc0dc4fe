import { watermarksPrefix } from '../naming';

/**
 * Where a table's committed watermark is stored in the curated bucket:
 * `_watermarks/<source>/<table>.json`, outside the table's data prefix so retention never
 * deletes it and Athena never reads it.
 *
 * @example
 * ```ts
 * watermarkKey('service', 'users'); // '_watermarks/service/users.json'
 * ```
 */
export function watermarkKey(source: string, table: string): string {
  return `${watermarksPrefix(source)}${table}.json`;
}
