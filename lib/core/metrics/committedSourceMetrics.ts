import type { AsOfPlan } from './dataAsOf';
import { freshnessSeconds } from './freshnessSeconds';
import type { MetricValues } from './MetricValues';

/**
 * The source-wide metrics of one table's commit: the table's freshness as a percentage of its
 * SLO (two decimals), so that one alarm on the source's maximum covers tables of different SLOs,
 * and tables no config lists. None for a plan without an SLO (planned before it carried one).
 *
 * @param now epoch milliseconds of the commit
 * @example
 * ```ts
 * committedSourceMetrics({ runId: '20261123T030000Z', mode: 'replica-query', freshnessSloSeconds: 3600 }, Date.parse('2026-11-23T03:45:00Z'));
 * // { freshnessPercentOfSlo: 75 }
 * ```
 */
export function committedSourceMetrics(
  plan: AsOfPlan & { readonly freshnessSloSeconds?: number },
  now: number,
): MetricValues {
  if (plan.freshnessSloSeconds === undefined) return {};
  const percent = (100 * freshnessSeconds(plan, now)) / plan.freshnessSloSeconds;
  return { freshnessPercentOfSlo: Math.round(percent * 100) / 100 };
}
