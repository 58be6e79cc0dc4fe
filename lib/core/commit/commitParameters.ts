/** Table parameter holding the run id the table (or its partitions) points at. */
export const RUN_ID_PARAMETER = 'datalake_run_id';

/** Table parameter holding the run committed before the current one, which retention never deletes. */
export const PREVIOUS_RUN_ID_PARAMETER = 'datalake_previous_run_id';

/**
 * View parameter of an incremental table holding the end of the committed run's window
 * (`WatermarkWindow.through`): switched with the run in the view's one catalog call, so the run's
 * rows and the fact that its window is consumed are committed together; the next run reads after it.
 */
export const WATERMARK_PARAMETER = 'datalake_watermark';

/**
 * View parameter of a snapshot table holding when the exported snapshot was created
 * (`TablePlan.snapshotTime`, ISO 8601 UTC): what its data is as of, which `datalake status`
 * measures freshness from, as the commit's `FreshnessSeconds` does.
 */
export const SNAPSHOT_TIME_PARAMETER = 'datalake_snapshot_time';
