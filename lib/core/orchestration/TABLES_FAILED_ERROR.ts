/**
 * The error a run ends with when tables failed and every other table was committed (the
 * `Tables failed` state of both pipelines). A redrive of such a run reruns only that state, so it
 * cannot retry the tables: they need their cause fixed and a new run.
 */
export const TABLES_FAILED_ERROR = 'TableFailed';
