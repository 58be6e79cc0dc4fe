import type { PlannedWindow, TablePlan } from '../pipeline';
import { runStart } from './runStart';

/** The parts of a table plan that say how old its run's data is. */
export interface AsOfPlan extends Pick<TablePlan, 'runId' | 'mode' | 'snapshotTime'> {
  readonly window?: Pick<PlannedWindow, 'through'>;
}

/** A time watermark's window end as `watermarkWindow` writes it: `YYYY-MM-DD HH:MM:SS[.ffffff]`, UTC. */
const TIME_WATERMARK = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2})(\.\d{1,6})?$/;

/**
 * The time a table's run holds the source's data as of, which its freshness is measured from:
 *
 * - `incremental` with a time watermark: the window's end (`window.through`, the run start minus
 *   the safety lag), the newest change the run could read;
 * - `incremental` with an integer watermark, `replica-query`: the run's start (its run id), when
 *   it read the source;
 * - `snapshot-export`: the creation time of the snapshot the run exported (`snapshotTime`, RDS's
 *   ExportTask `SnapshotTime`): the newest automated snapshot is up to a day older than the run,
 *   a snapshot given in the input any age; the run's start for plans made before the field
 *   existed.
 *
 * @example
 * ```ts
 * dataAsOf({ runId: '20261123T040000Z', mode: 'incremental', window: { through: '2026-11-23 03:59:00.000000' } });
 * // 2026-11-23T03:59:00.000Z
 * dataAsOf({ runId: '20261123T040000Z', mode: 'replica-query' }); // 2026-11-23T04:00:00.000Z
 * dataAsOf({ runId: '20261123T040000Z', mode: 'snapshot-export', snapshotTime: '2026-11-23T02:10:41.000Z' });
 * // 2026-11-23T02:10:41.000Z
 * ```
 */
export function dataAsOf(plan: AsOfPlan): Date {
  // A plan without a mode predates the field: a snapshot-export plan (see TablePlan.mode).
  if ((plan.mode ?? 'snapshot-export') === 'snapshot-export' && plan.snapshotTime !== undefined) {
    return new Date(plan.snapshotTime);
  }
  const through = plan.mode === 'incremental' ? plan.window?.through : undefined;
  const time = through === undefined ? null : TIME_WATERMARK.exec(through);
  if (time === null) return runStart(plan.runId);
  const [, day, clock, fraction = ''] = time;
  return new Date(`${day}T${clock}${fraction.slice(0, 4)}Z`);
}
