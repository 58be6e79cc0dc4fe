/**
 * The numeric arguments of a type's first parenthesised modifier: `decimal(20,4)` → `[20, 4]`,
 * `bit(1)` → `[1]`, `timestamp(3) with time zone` → `[3]`; `[]` when there are none or they are
 * not numbers (`enum('a','b')`).
 *
 * @example
 * ```ts
 * typeArguments('numeric(38, 10)'); // [38, 10]
 * ```
 */
export function typeArguments(typeText: string): number[] {
  const match = /\(([^)]*)\)/.exec(typeText);
  if (!match?.[1]) return [];
  const parts = match[1].split(',').map((part) => part.trim());
  return parts.every((part) => /^-?\d+$/.test(part)) ? parts.map(Number) : [];
}
