/** Athena's price per TB scanned (US regions; SQL queries on engine v3). */
export const ATHENA_USD_PER_TB = 5;

/** Athena bills at least 10 MB per query. */
const MIN_BILLED_BYTES = 10 * 1000 ** 2;

/**
 * The estimated cost of a query that scanned `bytes`, at {@link ATHENA_USD_PER_TB} per TB
 * (10^12 bytes) with Athena's 10 MB minimum per query.
 *
 * @example
 * ```ts
 * estimatedCostUsd(2 * 1000 ** 4); // 10
 * estimatedCostUsd(0); // 0.00005 (the 10 MB minimum)
 * ```
 */
export function estimatedCostUsd(bytes: number): number {
  return (Math.max(bytes, MIN_BILLED_BYTES) / 1000 ** 4) * ATHENA_USD_PER_TB;
}
