import { RUN_ID_PARAMETER, SNAPSHOT_TIME_PARAMETER, WATERMARK_PARAMETER } from '../commit/commitParameters';
import { dataAsOf } from '../metrics/dataAsOf';
import { RUN_ID_PATTERN } from '../pipeline/runId';

/** What a committed table's data is as of, read from its view's parameters. */
export interface CommittedAsOf {
  /** The run readers see (`datalake_run_id`). */
  readonly runId: string;
  /** The time the newest queryable data is as of (see `dataAsOf`). */
  readonly asOf: Date;
}

/**
 * The as-of time of a committed table, from the parameters its commit switched into the table's
 * view (`runSwitchParameters`), by the rule the commit's freshness metric uses (`dataAsOf`): an
 * incremental table's committed window end (`datalake_watermark`) when it is a time, a snapshot
 * table's snapshot time (`datalake_snapshot_time`), else the committed run's start
 * (`datalake_run_id`). `undefined` when nothing is committed (or the run id
 * is not one the lake writes).
 *
 * @example
 * ```ts
 * committedAsOf({ datalake_run_id: '20261123T030005Z' });
 * // { runId: '20261123T030005Z', asOf: 2026-11-23T03:00:05Z }
 * committedAsOf({ datalake_run_id: '20261123T030005Z', datalake_watermark: '2026-11-23 02:59:58.000000' });
 * // { runId: '20261123T030005Z', asOf: 2026-11-23T02:59:58Z }
 * ```
 */
export function committedAsOf(
  parameters: Readonly<Record<string, string>> | undefined,
): CommittedAsOf | undefined {
  const runId = parameters?.[RUN_ID_PARAMETER];
  if (runId === undefined || !RUN_ID_PATTERN.test(runId)) return undefined;
  const through = parameters?.[WATERMARK_PARAMETER];
  const snapshotTime = parameters?.[SNAPSHOT_TIME_PARAMETER];
  // Only incremental tables' views carry a watermark, only snapshot tables' a snapshot time
  // (runSwitchParameters); a time that does not parse reads as the run's start.
  const asOf =
    through === undefined
      ? dataAsOf({
          runId,
          mode: 'snapshot-export',
          ...(snapshotTime === undefined || Number.isNaN(Date.parse(snapshotTime)) ? {} : { snapshotTime }),
        })
      : dataAsOf({ runId, mode: 'incremental', window: { through } });
  return { runId, asOf };
}
