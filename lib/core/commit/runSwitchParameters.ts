import { StaleRunError } from '../errors';
import {
  PREVIOUS_RUN_ID_PARAMETER,
  RUN_ID_PARAMETER,
  SNAPSHOT_TIME_PARAMETER,
  WATERMARK_PARAMETER,
} from './commitParameters';

/** What a run records in its view besides its id. */
export interface RunSwitchRecords {
  /** The incremental run's window end (`PlannedWindow.through`). @default - none: a full load, or nothing to read */
  readonly watermark?: string;
  /** When the snapshot a snapshot run exported was created (`TablePlan.snapshotTime`). @default - none: not a snapshot run */
  readonly snapshotTime?: string;
}

/**
 * The parameters the table's view gets when it switches to `runId`: the run and the run readers
 * saw before it (which retention keeps, for queries that started before the switch), and for an
 * incremental run the end of its window, so the switch that shows the run's rows also records its
 * window as consumed; for a snapshot run the snapshot's creation time, what its data is as of. Committing the run the view already shows keeps its previous run, so a
 * re-commit changes nothing.
 *
 * @param current the parameters of what readers see now (the view, or a table an earlier version
 *   of the lake committed); `undefined` before the first commit
 * @param label the table as `source.table`, for the error
 * @param records the run's window end or snapshot time; @default - neither
 * @throws StaleRunError when readers already see a newer run
 * @example
 * ```ts
 * runSwitchParameters({ datalake_run_id: '20261122T030005Z' }, '20261123T030005Z', 'service.users');
 * // { datalake_run_id: '20261123T030005Z', datalake_previous_run_id: '20261122T030005Z' }
 * runSwitchParameters(undefined, '20261123T030005Z', 'service.orders', { watermark: '4711' });
 * // { datalake_run_id: '20261123T030005Z', datalake_watermark: '4711' }
 * ```
 */
export function runSwitchParameters(
  current: Readonly<Record<string, string>> | undefined,
  runId: string,
  label: string,
  records: RunSwitchRecords = {},
): Record<string, string> {
  const { watermark, snapshotTime } = records;
  const committed = current?.[RUN_ID_PARAMETER];
  if (committed !== undefined && runId < committed) throw new StaleRunError(label, runId, committed);
  const previous = committed === runId ? current?.[PREVIOUS_RUN_ID_PARAMETER] : committed;
  return {
    [RUN_ID_PARAMETER]: runId,
    ...(previous === undefined ? {} : { [PREVIOUS_RUN_ID_PARAMETER]: previous }),
    ...(watermark === undefined ? {} : { [WATERMARK_PARAMETER]: watermark }),
    ...(snapshotTime === undefined ? {} : { [SNAPSHOT_TIME_PARAMETER]: snapshotTime }),
  };
}
