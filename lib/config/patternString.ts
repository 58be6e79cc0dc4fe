import * as z from 'zod';
import { describeValue } from './describeValue';

/**
 * A string schema that must match `pattern`, whose error (for a wrong pattern
 * or a value that is not a string) names the value received and says in words
 * what is allowed (a bare regex is a poor message).
 *
 * @param pattern - anchored regular expression; it also lands in the JSON Schema.
 * @param allowed - what a valid value looks like, in words, e.g. `"12 digits"`.
 * @example
 * ```ts
 * const accountId = patternString(/^\d{12}$/, '12 digits, quoted in YAML');
 * ```
 */
export function patternString(pattern: RegExp, allowed: string): z.ZodString {
  const message = (issue: { readonly input?: unknown }) =>
    `received ${describeValue(issue.input)}; allowed: ${allowed}`;
  return z.string({ error: message }).regex(pattern, { error: message });
}
