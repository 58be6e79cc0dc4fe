import type { PartResult, TablePlan } from '../pipeline';
import { invalidValuesNulled } from './invalidValuesNulled';
import type { MetricValues } from './MetricValues';
import { maskedValues } from './maskedValues';

/**
 * The metrics of one curated part, a transform's or an extract's: the values it wrote through a
 * mask and the invalid values it landed as NULL.
 *
 * @example
 * ```ts
 * curatedPartMetrics({ columns: [{ mask: { kind: 'hash' } }] }, { rows: 20, invalidValuesNulled: { born: 2 } });
 * // { maskedValues: 20, invalidValuesNulled: 2 }
 * ```
 */
export function curatedPartMetrics(
  plan: { readonly columns: readonly Pick<TablePlan['columns'][number], 'mask'>[] },
  part: Pick<PartResult, 'rows' | 'invalidValuesNulled'>,
): MetricValues {
  return { maskedValues: maskedValues(plan, part.rows), invalidValuesNulled: invalidValuesNulled(part) };
}
