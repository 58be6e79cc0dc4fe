import type { AsOfPlan } from './dataAsOf';
import { freshnessSeconds } from './freshnessSeconds';
import type { MetricValues } from './MetricValues';
import { rowCountDifference } from './rowCountDifference';
import { runStart } from './runStart';
import { secondsSince } from './secondsSince';

/** What a table's commit made queryable. */
export interface CommittedRun {
  /** Rows the run wrote. */
  readonly rows: number;
  /** Parquet bytes the run wrote. */
  readonly bytes: number;
}

/**
 * The metrics of one table's commit: rows and bytes committed, the run's duration so far, the
 * table's freshness and its row-count check against the plan's source count.
 *
 * @param now epoch milliseconds of the commit
 * @example
 * ```ts
 * committedTableMetrics({ runId: '20261123T030000Z', mode: 'replica-query', expectedRows: 10 }, { rows: 10, bytes: 2048 }, Date.parse('2026-11-23T03:02:00Z'));
 * // { rowsCommitted: 10, bytesCommitted: 2048, runDurationSeconds: 120, freshnessSeconds: 120, rowCountDifference: 0 }
 * ```
 */
export function committedTableMetrics(
  plan: AsOfPlan & { readonly expectedRows: number },
  run: CommittedRun,
  now: number,
): MetricValues {
  return {
    rowsCommitted: run.rows,
    bytesCommitted: run.bytes,
    runDurationSeconds: secondsSince(runStart(plan.runId), now),
    freshnessSeconds: freshnessSeconds(plan, now),
    rowCountDifference: rowCountDifference(run.rows, plan.expectedRows),
  };
}
