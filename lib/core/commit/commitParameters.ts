/** Table parameter holding the run id the table (or its partitions) points at. */
export const RUN_ID_PARAMETER = 'datalake_run_id';

/** Table parameter holding the run committed before the current one, which retention never deletes. */
export const PREVIOUS_RUN_ID_PARAMETER = 'datalake_previous_run_id';
