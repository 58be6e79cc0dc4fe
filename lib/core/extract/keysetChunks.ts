import type { ChunkBounds } from './ExtractChunk';

/**
 * Chunks between keyset boundaries: `(…, b1]`, `(b1, b2]`, …, `(bn, max]`, where the boundaries
 * are every `chunkSize`-th key in key order as the server returned them, and `max` the highest key
 * at plan time (so rows inserted later wait for the next run). A last boundary equal to `max`
 * adds no empty chunk after it.
 *
 * @example
 * ```ts
 * keysetChunks('code', 'text', ['b', 'd'], 'e');
 * // [{ kind: 'keyset', column: 'code', valueKind: 'text', through: 'b' },
 * //  { …, after: 'b', through: 'd' }, { …, after: 'd', through: 'e' }]
 * ```
 */
export function keysetChunks(
  column: string,
  valueKind: 'integer' | 'text',
  boundaries: readonly string[],
  max: string,
): ChunkBounds[] {
  const ends = boundaries.at(-1) === max ? boundaries : [...boundaries, max];
  return ends.map((through, index) => {
    const after = index === 0 ? undefined : ends[index - 1];
    return { kind: 'keyset', column, valueKind, ...(after === undefined ? {} : { after }), through };
  });
}
