/**
 * Deterministic 32-bit unsigned random numbers (mulberry32), so a failing random case is the same
 * on the next run.
 *
 * @example
 * ```ts
 * const next = random32(17);
 * next() / 2 ** 32; // a float in [0, 1)
 * ```
 */
export function random32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
}
