import { DataLakeError } from '../errors';

/**
 * Runs `work` over `items` with at most `limit` calls in flight, like a Step Functions Map with
 * `maxConcurrency`: local mode and tests fan chunks out over a pool this way. Results keep the
 * items' order; the first failure rejects once the calls in flight have settled.
 *
 * @throws DataLakeError for a limit that is not a positive integer
 * @example
 * ```ts
 * await mapConcurrently(extract.chunks, pool.maxConcurrency, (chunk) => extractChunk({ plan, chunk, curatedBucket }, deps));
 * ```
 */
export async function mapConcurrently<T, R>(
  items: readonly T[],
  limit: number,
  work: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  if (!Number.isInteger(limit) || limit < 1) {
    throw new DataLakeError(
      `Invalid concurrency limit: received ${limit}; allowed: an integer of at least 1`,
    );
  }
  const results: R[] = new Array(items.length);
  let next = 0;
  let failure: { error: unknown } | undefined;
  const lane = async (): Promise<void> => {
    while (failure === undefined && next < items.length) {
      const index = next;
      next += 1;
      try {
        results[index] = await work(items[index] as T, index);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
  if (failure !== undefined) throw failure.error;
  return results;
}
