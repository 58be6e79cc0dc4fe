/**
 * Orders two Kinesis sequence numbers of one shard: negative, zero or positive as `a` is before,
 * the same as or after `b`. They are decimal integers of up to 128 digits that grow within a
 * shard, so they compare as big integers, not as text or JS numbers.
 *
 * @example
 * ```ts
 * compareSequenceNumbers('49590338271490256608559692538361571095921575989136588898', '9'); // 1
 * ```
 */
export function compareSequenceNumbers(a: string, b: string): number {
  const difference = BigInt(a) - BigInt(b);
  return difference === 0n ? 0 : difference < 0n ? -1 : 1;
}
