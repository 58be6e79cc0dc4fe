/**
 * Whole seconds from `start` to `now`, never below 0 (a clock behind the source's is not data
 * from the future).
 *
 * @param now epoch milliseconds
 * @example
 * ```ts
 * secondsSince(new Date('2026-11-23T03:00:00Z'), Date.parse('2026-11-23T05:30:00Z')); // 9000
 * ```
 */
export function secondsSince(start: Date, now: number): number {
  return Math.max(0, Math.floor((now - start.getTime()) / 1000));
}
