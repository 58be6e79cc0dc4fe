/**
 * A PostgreSQL standby's lag in seconds (`lag_seconds`) and whether the server is one
 * (`in_recovery`): `now() - pg_last_xact_replay_timestamp()`, but 0 when everything received has
 * been replayed, so an idle primary (no new transactions to replay) does not look like lag. On a
 * primary `in_recovery` is false and `lag_seconds` NULL: the lag cannot be measured. Not for
 * Aurora PostgreSQL, which does not support `pg_last_wal_receive_lsn()`: see
 * `AURORA_REPLICA_STATUS_SQL`.
 */
export const POSTGRES_REPLICA_LAG_SQL = `SELECT pg_is_in_recovery() AS in_recovery,
  CASE WHEN NOT pg_is_in_recovery() THEN NULL
       WHEN pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() THEN 0
       ELSE EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp()) END AS lag_seconds`;
