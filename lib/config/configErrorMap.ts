import * as z from 'zod';
import { describeValue } from './describeValue';

/** Joins allowed values for a message: `a | b | c`. */
function listValues(values: readonly unknown[]): string {
  return values
    .map((value) => (typeof value === 'string' ? JSON.stringify(value) : String(value)))
    .join(' | ');
}

/** Names a zod type expectation in words. */
function expectedType(expected: string): string {
  const words: Record<string, string> = {
    int: 'an integer',
    number: 'a number',
    string: 'a string',
    boolean: 'true or false',
    object: 'an object (key: value)',
    array: 'a list',
    record: 'an object (key: value)',
  };
  return words[expected] ?? expected;
}

/** Describes a size bound, with the unit when the value has a length. */
function bound(
  origin: string,
  limit: number | bigint,
  inclusive: boolean | undefined,
  side: 'min' | 'max',
): string {
  const unit: Record<string, string> = { string: 'characters', array: 'items', set: 'items' };
  const words = side === 'min' ? (inclusive ? 'at least' : 'more than') : inclusive ? 'at most' : 'less than';
  return unit[origin] ? `${words} ${limit} ${unit[origin]}` : `${words} ${limit}`;
}

/** How many characters or items the input has, for size messages. */
function sizeOf(input: unknown): string {
  if (typeof input === 'string') return `${describeValue(input)} (${input.length} characters)`;
  if (Array.isArray(input)) return `${input.length} item${input.length === 1 ? '' : 's'}`;
  return describeValue(input);
}

/**
 * The zod error map of config parsing: every message says what was received
 * and what is allowed. Messages set on a schema itself take precedence.
 *
 * For `unrecognized_keys` the message lists only the allowed keys, because
 * `formatIssues` splits the issue into one issue per unknown key and names it.
 */
export const configErrorMap: z.core.$ZodErrorMap = (issue) => {
  switch (issue.code) {
    case 'invalid_type':
      return `received ${describeValue(issue.input)}; allowed: ${expectedType(issue.expected)}`;
    case 'invalid_value':
      return `received ${describeValue(issue.input)}; allowed: ${listValues(issue.values)}`;
    case 'too_small':
      return `received ${sizeOf(issue.input)}; allowed: ${bound(issue.origin, issue.minimum, issue.inclusive, 'min')}`;
    case 'too_big':
      return `received ${sizeOf(issue.input)}; allowed: ${bound(issue.origin, issue.maximum, issue.inclusive, 'max')}`;
    case 'unrecognized_keys': {
      const keys = issue.inst instanceof z.core.$ZodObject ? Object.keys(issue.inst._zod.def.shape) : [];
      return `allowed keys: ${keys.join(', ')}`;
    }
    case 'invalid_format':
      return `received ${describeValue(issue.input)}; allowed: a string matching ${issue.pattern ?? issue.format}`;
    case 'invalid_key':
      // The path already ends with the key; the key schema's own messages say what is wrong.
      return issue.issues.map((inner) => inner.message).join('; ');
    default:
      return undefined;
  }
};
