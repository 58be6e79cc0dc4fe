/**
 * The median of the values: the middle one of an odd count, the mean of the middle two of an even
 * count, 0 for none. The benches compare medians of interleaved rounds, as single timings on a
 * shared machine move by tens of percent.
 *
 * @example
 * ```ts
 * median([3, 1, 2]); // 2
 * median([1, 2, 3, 10]); // 2.5
 * ```
 */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] ?? 0)
    : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}
