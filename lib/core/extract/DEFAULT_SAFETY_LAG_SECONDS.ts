/**
 * How far behind the run start an incremental run stops reading, when the caller gives no
 * `safetyLagSeconds` (the config has no such setting yet): 60 s. A transaction that wrote
 * `updated_at = now()` but commits (or reaches the replica) later than this is missed by
 * polling, so set the lag above the source's longest write transaction plus the replica lag.
 */
export const DEFAULT_SAFETY_LAG_SECONDS = 60;
