const UNITS = ['B', 'KB', 'MB', 'GB', 'TB'];

/**
 * Bytes in decimal units, as AWS bills them: `1.5 MB`, `812 B`.
 *
 * @example
 * ```ts
 * formatBytes(2_500_000); // '2.5 MB'
 * ```
 */
export function formatBytes(bytes: number): string {
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < UNITS.length - 1) {
    value /= 1000;
    unit += 1;
  }
  return unit === 0 ? `${value} B` : `${value.toFixed(1)} ${UNITS[unit]}`;
}
