const DURATION = /^([1-9]\d*)(m|h|d)$/;
const UNIT_SECONDS: Record<string, number> = { m: 60, h: 3600, d: 86_400 };

/**
 * The seconds of a duration written as a whole number of minutes, hours or days (`"90m"`,
 * `"26h"`, `"2d"`), or `undefined` when `text` is not one.
 *
 * @example
 * ```ts
 * durationSeconds('26h'); // 93600
 * durationSeconds('1.5h'); // undefined
 * ```
 */
export function durationSeconds(text: string): number | undefined {
  const match = DURATION.exec(text);
  if (!match) return undefined;
  return Number(match[1]) * UNIT_SECONDS[match[2]];
}
