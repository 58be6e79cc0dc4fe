import type { ReplicaStatusRow } from './mysqlReplicaLagSeconds';

/** The lag of one replica instance: seconds behind the writer, or why it cannot be measured. */
export type InstanceLag =
  | { readonly instance: string; readonly lagSeconds: number }
  | { readonly instance: string; readonly unmeasured: string };

/** The `session_id` Aurora gives the writer in its replica status. */
const WRITER_SESSION_ID = 'MASTER_SESSION_ID';

/**
 * The lag of each of `instances` (DB instance identifiers) from Aurora's replica status rows
 * (`AURORA_REPLICA_STATUS_SQL`: `server_id`, `session_id`, `lag_ms`). An instance without a row
 * (not, or no longer, in the cluster), one that is now the writer (a failover promoted it) or one
 * whose lag is NULL cannot be measured: it is reported as such, never as no lag.
 *
 * @example
 * ```ts
 * auroraReplicaLags([{ server_id: 'lake-reader-1', session_id: 'b8a0…', lag_ms: '1500' }], ['lake-reader-1']);
 * // [{ instance: 'lake-reader-1', lagSeconds: 1.5 }]
 * ```
 */
export function auroraReplicaLags(
  rows: readonly ReplicaStatusRow[],
  instances: readonly string[],
): InstanceLag[] {
  return instances.map((instance) => {
    // RDS stores instance identifiers in lower case; the template may name them in any case.
    const row = rows.find((r) => r.server_id?.toLowerCase() === instance.toLowerCase());
    if (row === undefined) {
      return { instance, unmeasured: `${instance} has no row in Aurora's replica status` };
    }
    if (row.session_id === WRITER_SESSION_ID) {
      return { instance, unmeasured: `${instance} is the cluster's writer now (a failover promoted it)` };
    }
    const lagMs = row.lag_ms === null || row.lag_ms === undefined ? Number.NaN : Number(row.lag_ms);
    if (!Number.isFinite(lagMs) || lagMs < 0) {
      return {
        instance,
        unmeasured: `${instance} has no lag in Aurora's replica status (got ${row.lag_ms})`,
      };
    }
    return { instance, lagSeconds: lagMs / 1000 };
  });
}
