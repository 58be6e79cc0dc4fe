import type { ChunkKey } from './ChunkKey';

/** What a table's key and size allow; see {@link chunkStrategy}. */
export type ChunkStrategy = 'empty' | 'single' | 'ranges' | 'keyset';

/** Range chunks allowed per chunk the rows need before the key counts as sparse. */
const SPARSE_FACTOR = 2n;

/**
 * How to split a table (or an incremental window) into chunks of about `chunkSize` rows:
 *
 * - `empty`: no rows, no chunk.
 * - `single`: no usable key (none, several columns, or bytes): one chunk of the whole table.
 * - `ranges`: an integer key dense enough that key ranges of `chunkSize` values make at most
 *   twice the chunks the rows need.
 * - `keyset`: any other key: boundaries every `chunkSize` rows, read from the server.
 *
 * @example
 * ```ts
 * chunkStrategy({ column: 'id', kind: 'integer' }, { rows: 20, min: '1', max: '18446744073709551615' }, 1000); // 'keyset'
 * ```
 */
export function chunkStrategy(
  key: ChunkKey | undefined,
  stats: { readonly rows: number; readonly min?: string | null; readonly max?: string | null },
  chunkSize: number,
): ChunkStrategy {
  if (stats.rows === 0) return 'empty';
  if (key === undefined || key.kind === 'bytes') return 'single';
  if (key.kind !== 'integer' || stats.min == null || stats.max == null) return 'keyset';
  const size = BigInt(chunkSize);
  const needed = (BigInt(stats.rows) + size - 1n) / size;
  const ranges = (BigInt(stats.max) - BigInt(stats.min) + size) / size;
  return ranges <= SPARSE_FACTOR * needed ? 'ranges' : 'keyset';
}
