/**
 * How long ago something happened, in the largest whole unit: `45 s`, `12 min`, `3 h`, `2 d`.
 *
 * @example
 * ```ts
 * formatAge(new Date('2026-11-23T03:00:00Z'), new Date('2026-11-23T05:30:00Z')); // '2 h'
 * ```
 */
export function formatAge(then: Date, now: Date): string {
  const seconds = Math.max(0, Math.round((now.getTime() - then.getTime()) / 1000));
  if (seconds < 60) return `${seconds} s`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min`;
  if (seconds < 86400) return `${Math.floor(seconds / 3600)} h`;
  return `${Math.floor(seconds / 86400)} d`;
}
