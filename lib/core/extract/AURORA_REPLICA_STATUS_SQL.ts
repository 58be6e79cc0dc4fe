import type { SourceEngine } from '../types/SourceEngine';

/**
 * Every instance of an Aurora cluster with its lag behind the writer, read on any reader:
 * `server_id` (the DB instance identifier), `session_id` (`MASTER_SESSION_ID` on the writer) and
 * `lag_ms`. Aurora readers share the writer's storage, so the binlog and WAL views the RDS
 * instance check uses say nothing there: Aurora MySQL readers return no row to
 * `SHOW REPLICA STATUS`, and Aurora PostgreSQL does not support `pg_last_wal_receive_lsn()`.
 *
 * - Aurora MySQL: `information_schema.replica_host_status`, which records the Aurora Replica lag on
 *   each reader ("Monitoring Amazon Aurora MySQL replication",
 *   https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/AuroraMySQL.Replication.html).
 * - Aurora PostgreSQL: `aurora_replica_status()`, column `replica_lag_in_msec`
 *   (https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/aurora_replica_status.html).
 */
export const AURORA_REPLICA_STATUS_SQL: Readonly<Record<SourceEngine, string>> = {
  mysql:
    'SELECT SERVER_ID AS server_id, SESSION_ID AS session_id, REPLICA_LAG_IN_MILLISECONDS AS lag_ms FROM information_schema.replica_host_status',
  postgres: 'SELECT server_id, session_id, replica_lag_in_msec AS lag_ms FROM aurora_replica_status()',
};
