import { ReplicaLagError } from '../errors';

/** One row of `SHOW REPLICA STATUS` / `SHOW SLAVE STATUS`, values as text. */
export type ReplicaStatusRow = Readonly<Record<string, string | null>>;

/**
 * The lag of a MySQL/MariaDB replica from its status row: `Seconds_Behind_Source` (MySQL 8.0.22+)
 * or `Seconds_Behind_Master`. No row (`null`) means the lag cannot be measured: the server is not
 * a replica (a primary, as in local mode), or it is an Aurora MySQL reader, which replicates
 * through shared storage and reports no replica status.
 *
 * @throws ReplicaLagError when the row says NULL: replication is stopped, so the lag is unknown
 * @example
 * ```ts
 * mysqlReplicaLagSeconds('service', [{ Seconds_Behind_Master: '3' }], 300); // 3
 * ```
 */
export function mysqlReplicaLagSeconds(
  source: string,
  rows: readonly ReplicaStatusRow[],
  maxLagSeconds: number,
): number | null {
  const [row] = rows;
  if (row === undefined) return null;
  const value = row.Seconds_Behind_Source ?? row.Seconds_Behind_Master ?? null;
  if (value === null) throw new ReplicaLagError({ source, lagSeconds: null, maxLagSeconds });
  return Number(value);
}
