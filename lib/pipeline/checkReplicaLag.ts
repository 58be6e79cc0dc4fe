import type { ReplicaReader, TextRow } from '../adapters/database';
import { ReplicaLagError, ReplicaLagUnmeasuredError } from '../core/errors';
import { mysqlReplicaLagSeconds, POSTGRES_REPLICA_LAG_SQL } from '../core/extract';
import { AURORA_REPLICA_STATUS_SQL } from '../core/extract/AURORA_REPLICA_STATUS_SQL';
import { auroraReplicaLags, type InstanceLag } from '../core/extract/auroraReplicaLags';

/** What a run does with a replica whose lag cannot be measured (config `replica.unmeasuredLag`). */
export type UnmeasuredLagPolicy = 'fail' | 'warn';

/** What {@link checkReplicaLag} checks. */
export interface ReplicaLagCheck {
  readonly source: string;
  /** Config `replica.maxLagSeconds`. */
  readonly maxLagSeconds: number;
  /** Config `replica.unmeasuredLag`: `fail` throws, `warn` returns the reasons in `unmeasured`. */
  readonly unmeasuredLag: UnmeasuredLagPolicy;
  /**
   * The Aurora analytics readers' DB instance identifiers: their lag is read from Aurora's replica
   * status (any reader of the cluster shows every instance). Absent for RDS instance replicas,
   * whose lag the server itself reports.
   *
   * @default - not Aurora
   */
  readonly auroraInstances?: readonly string[];
  /**
   * Names the replica in the reasons, e.g. its host.
   *
   * @default 'the replica'
   */
  readonly replica?: string;
}

/** What {@link checkReplicaLag} found. */
export interface ReplicaLag {
  /** The largest lag measured, in seconds; `null` when none could be measured. */
  readonly lagSeconds: number | null;
  /** Why a replica's lag could not be measured, one line each; empty when every lag was measured. */
  readonly unmeasured: readonly string[];
}

/** MySQL 8.0.22+ and MariaDB 10.5.1+ know `SHOW REPLICA STATUS`; older servers only `SHOW SLAVE STATUS`. */
async function mysqlStatus(reader: ReplicaReader): Promise<TextRow[]> {
  try {
    return await reader.query({ sql: 'SHOW REPLICA STATUS', params: [] });
  } catch {
    return reader.query({ sql: 'SHOW SLAVE STATUS', params: [] });
  }
}

/** The lag of an RDS instance replica, as the server reports it. */
async function instanceLag(check: ReplicaLagCheck, reader: ReplicaReader): Promise<InstanceLag> {
  const { source, maxLagSeconds, replica = 'the replica' } = check;
  if (reader.engine === 'mysql') {
    const lagSeconds = mysqlReplicaLagSeconds(source, await mysqlStatus(reader), maxLagSeconds);
    return lagSeconds === null
      ? {
          instance: replica,
          unmeasured: `${replica} reports no replication (SHOW REPLICA STATUS returns no row)`,
        }
      : { instance: replica, lagSeconds };
  }
  const [row] = await reader.query({ sql: POSTGRES_REPLICA_LAG_SQL, params: [] });
  const inRecovery = row?.in_recovery === 't' || row?.in_recovery === 'true';
  if (!inRecovery) {
    return { instance: replica, unmeasured: `${replica} is not a standby (pg_is_in_recovery() is false)` };
  }
  if ((row?.lag_seconds ?? null) === null) {
    throw new ReplicaLagError({ source, lagSeconds: null, maxLagSeconds });
  }
  return { instance: replica, lagSeconds: Number(row?.lag_seconds) };
}

/**
 * Checks the read replica(s) before a run reads them.
 *
 * - RDS instance replicas: MySQL `Seconds_Behind_Source` (or `…_Master`) from the replica status,
 *   PostgreSQL `now() - pg_last_xact_replay_timestamp()` (0 when all received WAL is replayed).
 * - Aurora readers (`auroraInstances`): each one's lag from Aurora's replica status
 *   (`AURORA_REPLICA_STATUS_SQL`), read once on whichever reader `reader` reaches.
 *
 * A lag that cannot be measured (a server that is no replica, as the local test servers; an
 * Aurora reader without a status row) never passes silently: `unmeasuredLag: 'fail'` throws,
 * `'warn'` lets the run go on and returns the reasons in `unmeasured` for the caller to log.
 *
 * @throws ReplicaLagError when a lag is over `maxLagSeconds`, or unknown because replication is
 * stopped: the state machine retries later
 * @throws ReplicaLagUnmeasuredError when a lag cannot be measured and `unmeasuredLag` is `fail`
 * @example
 * ```ts
 * const { replica } = source;
 * await checkReplicaLag(
 *   { source: 'service', maxLagSeconds: replica.maxLagSeconds, unmeasuredLag: replica.unmeasuredLag },
 *   { reader },
 * );
 * ```
 */
export async function checkReplicaLag(
  check: ReplicaLagCheck,
  deps: { readonly reader: ReplicaReader },
): Promise<ReplicaLag> {
  const { source, maxLagSeconds, auroraInstances } = check;
  const lags =
    auroraInstances === undefined
      ? [await instanceLag(check, deps.reader)]
      : auroraReplicaLags(
          await deps.reader.query({ sql: AURORA_REPLICA_STATUS_SQL[deps.reader.engine], params: [] }),
          auroraInstances,
        );
  const measured = lags.flatMap((lag) => ('lagSeconds' in lag ? [lag.lagSeconds] : []));
  const unmeasured = lags.flatMap((lag) => ('unmeasured' in lag ? [lag.unmeasured] : []));
  if (lags.length === 0) unmeasured.push('no Aurora reader to measure (auroraInstances is empty)');
  const lagSeconds = measured.length === 0 ? null : Math.max(...measured);
  if (lagSeconds !== null && lagSeconds > maxLagSeconds) {
    throw new ReplicaLagError({ source, lagSeconds, maxLagSeconds });
  }
  if (unmeasured.length > 0 && check.unmeasuredLag === 'fail') {
    throw new ReplicaLagUnmeasuredError({ source, reasons: unmeasured });
  }
  return { lagSeconds, unmeasured };
}
