/** Backoff settings: the first retry's ceiling and the cap of the doubling. */
export interface BackoffPolicy {
  readonly baseBackoffMs: number;
  readonly maxBackoffMs: number;
}

/**
 * Milliseconds to wait before retry number `retry` (1 for the first): exponential backoff with
 * full jitter, a uniform random wait in [0, min(max, base · 2^(retry-1))). Jitter spreads the
 * retries of many clients throttled at once, so they do not hit the shard together again.
 *
 * @param random - a uniform random number in [0, 1)
 * @example
 * ```ts
 * backoffDelay(3, { baseBackoffMs: 100, maxBackoffMs: 5000 }, Math.random); // in [0, 400)
 * ```
 */
export function backoffDelay(retry: number, policy: BackoffPolicy, random: () => number): number {
  const ceiling = Math.min(policy.maxBackoffMs, policy.baseBackoffMs * 2 ** Math.min(retry - 1, 30));
  return Math.floor(random() * ceiling);
}
