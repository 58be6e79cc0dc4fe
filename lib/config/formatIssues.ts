import type * as z from 'zod';
import type { ConfigIssue } from '../core/errors';
import { formatPath } from './formatPath';

/** Whether the issue says the value is of another kind altogether, as opposed to a problem inside it. */
function isKindMismatch(issue: z.core.$ZodIssue): boolean {
  return issue.path.length === 0 && (issue.code === 'invalid_type' || issue.code === 'invalid_value');
}

function flatten(issues: readonly z.core.$ZodIssue[], prefix: readonly PropertyKey[]): ConfigIssue[] {
  return issues.flatMap((issue): ConfigIssue[] => {
    const path = [...prefix, ...issue.path];
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({
        path: formatPath([...path, key]),
        message: `unknown key ${JSON.stringify(key)}; ${issue.message}`,
      }));
    }
    if (issue.code === 'invalid_union') {
      // When one alternative matched the value's kind (an object for a column rule), its
      // problems are the useful ones; the others only say "not a string".
      const matched = issue.errors.filter((branch) => !branch.every(isKindMismatch));
      if (matched.length === 1) return flatten(matched[0] ?? [], path);
    }
    return [{ path: formatPath(path), message: issue.message }];
  });
}

/**
 * Turns zod issues into config issues a user can act on: paths like
 * `sources[0].tables[2].columns.email.mask`, one issue per unknown key naming
 * it, and for a value matching no alternative of a union, the problems of the
 * alternative it was meant to be.
 *
 * @example
 * ```ts
 * const result = lakeConfigSchema.safeParse(input, { error: configErrorMap, reportInput: true });
 * if (!result.success) throw new ConfigError(formatIssues(result.error.issues));
 * ```
 */
export function formatIssues(issues: readonly z.core.$ZodIssue[]): ConfigIssue[] {
  return flatten(issues, []);
}
