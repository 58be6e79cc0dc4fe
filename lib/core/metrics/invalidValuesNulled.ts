import type { PartResult } from '../pipeline';

/**
 * The values a part's curation landed as NULL because they were invalid (MySQL zero dates under
 * `invalidDates: null`): the sum of its manifest's per-column counts.
 *
 * @example
 * ```ts
 * invalidValuesNulled({ invalidValuesNulled: { born: 2, updated_at: 1 } }); // 3
 * ```
 */
export function invalidValuesNulled(part: Pick<PartResult, 'invalidValuesNulled'>): number {
  return Object.values(part.invalidValuesNulled ?? {}).reduce((sum, count) => sum + count, 0);
}
