/** One lag check of a run: the host to read it on and, for Aurora, the readers it measures. */
export interface ReplicaLagTarget {
  readonly host: string;
  /**
   * The Aurora analytics readers' DB instance identifiers, whose lag Aurora's replica status
   * holds; absent for an RDS instance replica, which reports its own lag.
   *
   * @default - an RDS instance replica
   */
  readonly auroraInstances?: readonly string[];
}

/**
 * Where a run checks the lag of a source's replicas. RDS instance replicas each report only their
 * own lag, so each host is checked. Aurora's replica status shows every instance of the cluster on
 * any reader ("aurora_replica_status: Displays the status of all Aurora PostgreSQL reader nodes",
 * https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/aurora_replica_status.html; Aurora
 * MySQL's `information_schema.replica_host_status`, see `AURORA_REPLICA_STATUS_SQL`), so one check
 * on the first host (the analytics endpoint) measures all the readers.
 *
 * @param hosts the replicas' hosts (`REPLICA_HOSTS`), at least one
 * @param auroraInstances the Aurora analytics readers' ids (`REPLICA_AURORA_INSTANCES`); `undefined` for instance replicas
 * @example
 * ```ts
 * replicaLagTargets(['r1.example', 'r2.example'], undefined); // [{ host: 'r1.example' }, { host: 'r2.example' }]
 * replicaLagTargets(['analytics.example'], ['lake-reader-1', 'lake-reader-2']);
 * // [{ host: 'analytics.example', auroraInstances: ['lake-reader-1', 'lake-reader-2'] }]
 * ```
 */
export function replicaLagTargets(
  hosts: readonly string[],
  auroraInstances: readonly string[] | undefined,
): ReplicaLagTarget[] {
  if (auroraInstances === undefined) return hosts.map((host) => ({ host }));
  return hosts.slice(0, 1).map((host) => ({ host, auroraInstances }));
}
