import { type AsOfPlan, dataAsOf } from './dataAsOf';
import { secondsSince } from './secondsSince';

/**
 * A table's freshness once its run is committed: how old the newest queryable data is, in
 * seconds, `now − dataAsOf(plan)` (the snapshot or run start, or an incremental table's
 * watermark).
 *
 * @param now epoch milliseconds
 * @example
 * ```ts
 * freshnessSeconds({ runId: '20261123T030000Z', mode: 'snapshot-export' }, Date.parse('2026-11-23T05:30:00Z')); // 9000
 * ```
 */
export function freshnessSeconds(plan: AsOfPlan, now: number): number {
  return secondsSince(dataAsOf(plan), now);
}
