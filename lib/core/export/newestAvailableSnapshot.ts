/** One snapshot as DescribeDBSnapshots or DescribeDBClusterSnapshots lists it. */
export interface ListedSnapshot {
  readonly arn?: string;
  readonly status?: string;
  readonly createdAt?: Date;
}

/**
 * The ARN of the newest snapshot whose status is `available` (a snapshot still `creating` cannot
 * be exported yet), by `SnapshotCreateTime`; `undefined` when there is none.
 *
 * @example
 * ```ts
 * newestAvailableSnapshot([{ arn: 'a', status: 'available', createdAt: new Date('2026-11-22') }, { arn: 'b', status: 'creating', createdAt: new Date('2026-11-23') }]); // 'a'
 * ```
 */
export function newestAvailableSnapshot(snapshots: readonly ListedSnapshot[]): string | undefined {
  let newest: { arn: string; time: number } | undefined;
  for (const { arn, status, createdAt } of snapshots) {
    if (arn === undefined || status !== 'available' || createdAt === undefined) continue;
    const time = createdAt.getTime();
    if (newest === undefined || time > newest.time) newest = { arn, time };
  }
  return newest?.arn;
}
