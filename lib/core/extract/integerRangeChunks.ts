import { DataLakeError } from '../errors';
import type { ChunkBounds } from './ExtractChunk';

const INTEGER = /^-?\d+$/;

function parse(name: string, value: string): bigint {
  if (!INTEGER.test(value)) {
    throw new DataLakeError(`Invalid ${name} key: received ${JSON.stringify(value)}; allowed: an integer`);
  }
  return BigInt(value);
}

/**
 * Splits the integer key span `min..max` into inclusive ranges of `chunkSize` key values, in key
 * order. Exact for any 64-bit key, signed or unsigned (BigInt arithmetic on decimal text).
 *
 * @throws DataLakeError for a key that is not an integer, `min > max`, or a chunk size below 1
 * @example
 * ```ts
 * integerRangeChunks('id', '1', '25', 10);
 * // [{ kind: 'range', column: 'id', from: '1', to: '10' }, { …, from: '11', to: '20' }, { …, from: '21', to: '25' }]
 * ```
 */
export function integerRangeChunks(
  column: string,
  min: string,
  max: string,
  chunkSize: number,
): ChunkBounds[] {
  const low = parse('minimum', min);
  const high = parse('maximum', max);
  if (low > high) throw new DataLakeError(`Invalid key span: minimum ${min} is above maximum ${max}`);
  if (!Number.isInteger(chunkSize) || chunkSize < 1) {
    throw new DataLakeError(`Invalid chunkSize: received ${chunkSize}; allowed: an integer of at least 1`);
  }
  const size = BigInt(chunkSize);
  const chunks: ChunkBounds[] = [];
  for (let from = low; from <= high; from += size) {
    const to = from + size - 1n < high ? from + size - 1n : high;
    chunks.push({ kind: 'range', column, from: String(from), to: String(to) });
  }
  return chunks;
}
