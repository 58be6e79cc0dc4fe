const PLAIN_KEY = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/**
 * Formats an issue path the way a user reads it in the config: array indexes
 * in brackets, keys joined by dots, keys that are not plain names quoted.
 *
 * @example
 * ```ts
 * formatPath(['sources', 0, 'tables', 2, 'columns', 'email', 'mask']);
 * // 'sources[0].tables[2].columns.email.mask'
 * formatPath(['tables', 0, 'columns', 'first name']); // 'tables[0].columns["first name"]'
 * ```
 */
export function formatPath(path: readonly PropertyKey[]): string {
  let formatted = '';
  for (const segment of path) {
    if (typeof segment === 'number') {
      formatted += `[${segment}]`;
    } else {
      const key = String(segment);
      if (PLAIN_KEY.test(key)) formatted += formatted === '' ? key : `.${key}`;
      else formatted += `[${JSON.stringify(key)}]`;
    }
  }
  return formatted;
}
