import type { ReplicaReader, TextRow } from '../adapters/database';
import { ReplicaLagError } from '../core/errors';
import { mysqlReplicaLagSeconds, POSTGRES_REPLICA_LAG_SQL } from '../core/extract';

/** What {@link checkReplicaLag} found. */
export interface ReplicaLag {
  /** Seconds behind the primary; `null` when the server is not a replica (a primary, as in local mode). */
  readonly lagSeconds: number | null;
}

/** MySQL 8.0.22+ and MariaDB 10.5.1+ know `SHOW REPLICA STATUS`; older servers only `SHOW SLAVE STATUS`. */
async function mysqlStatus(reader: ReplicaReader): Promise<TextRow[]> {
  try {
    return await reader.query({ sql: 'SHOW REPLICA STATUS', params: [] });
  } catch {
    return reader.query({ sql: 'SHOW SLAVE STATUS', params: [] });
  }
}

/**
 * Checks the read replica before a run reads it: MySQL/MariaDB `Seconds_Behind_Source` (or
 * `…_Master`) from the replica status, PostgreSQL `now() - pg_last_xact_replay_timestamp()`
 * (0 when all received WAL is replayed). A server that is not a replica has no lag.
 *
 * @throws ReplicaLagError when the lag is over `maxLagSeconds` (config `replica.maxLagSeconds`)
 * or unknown because replication is stopped: the state machine retries later
 * @example
 * ```ts
 * await checkReplicaLag({ source: 'service', maxLagSeconds: source.replica.maxLagSeconds }, { reader });
 * ```
 */
export async function checkReplicaLag(
  input: { readonly source: string; readonly maxLagSeconds: number },
  deps: { readonly reader: ReplicaReader },
): Promise<ReplicaLag> {
  const { source, maxLagSeconds } = input;
  let lagSeconds: number | null;
  if (deps.reader.engine === 'mysql') {
    lagSeconds = mysqlReplicaLagSeconds(source, await mysqlStatus(deps.reader), maxLagSeconds);
  } else {
    const [row] = await deps.reader.query({ sql: POSTGRES_REPLICA_LAG_SQL, params: [] });
    const inRecovery = row?.in_recovery === 't' || row?.in_recovery === 'true';
    if (inRecovery && (row?.lag_seconds ?? null) === null) {
      throw new ReplicaLagError({ source, lagSeconds: null, maxLagSeconds });
    }
    lagSeconds = inRecovery ? Number(row?.lag_seconds) : null;
  }
  if (lagSeconds !== null && lagSeconds > maxLagSeconds) {
    throw new ReplicaLagError({ source, lagSeconds, maxLagSeconds });
  }
  return { lagSeconds };
}
