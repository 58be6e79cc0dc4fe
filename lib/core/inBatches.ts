/**
 * `items` cut into consecutive batches of at most `size`, in order: for the APIs that take a
 * bounded list per call (DeleteObjects 1,000 keys, BatchCreatePartition 100 entries, …).
 *
 * @example
 * ```ts
 * inBatches([1, 2, 3, 4, 5], 2); // [[1, 2], [3, 4], [5]]
 * ```
 */
export function inBatches<T>(items: readonly T[], size: number): T[][] {
  return Array.from({ length: Math.ceil(items.length / size) }, (_, index) =>
    items.slice(index * size, (index + 1) * size),
  );
}
