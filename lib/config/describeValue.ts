/**
 * Renders a received config value for an error message, short enough to read
 * in a terminal: strings quoted, long strings and big objects shortened.
 *
 * @example
 * ```ts
 * describeValue('db.r6g.large'); // '"db.r6g.large"'
 * describeValue(undefined); // 'nothing'
 * describeValue({ a: 1 }); // 'an object'
 * ```
 */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (typeof value === 'string') {
    const shown = value.length > 80 ? `${value.slice(0, 77)}...` : value;
    return JSON.stringify(shown);
  }
  if (Array.isArray(value)) return `a list of ${value.length} item${value.length === 1 ? '' : 's'}`;
  if (typeof value === 'object') return 'an object';
  return String(value);
}
