import { DataLakeError } from '../../core/errors';
import type { SourceQuery } from '../../core/extract';

/**
 * The key a reader hashes a query's `hmacColumns` with (the mask salt); none when the query hashes
 * no column.
 *
 * @throws DataLakeError when the query hashes columns but `maskKey` is missing or empty: a hash
 * without the secret key would be a plain SHA-256, open to a dictionary of likely values
 * @example
 * ```ts
 * const key = queryMaskKey(query, options.maskKey); // undefined for a query without hmacColumns
 * ```
 */
export function queryMaskKey(query: SourceQuery, maskKey: string | undefined): string | undefined {
  const columns = query.hmacColumns ?? [];
  if (columns.length === 0) return undefined;
  if (maskKey === undefined || maskKey === '') {
    throw new DataLakeError(
      `The query hashes ${columns.map(({ column }) => `"${column}"`).join(', ')} but no mask key was given: pass the mask salt as maskKey`,
    );
  }
  return maskKey;
}
