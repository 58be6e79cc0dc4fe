/** A lag check's finding: the largest lag measured (`null`: none) and why any could not be measured. */
export interface MeasuredReplicaLag {
  readonly lagSeconds: number | null;
  readonly unmeasured: readonly string[];
}

/**
 * What a run reports for all its replicas: the largest lag any check measured (`null` when none
 * measured one) and every reason a lag could not be measured, in check order.
 *
 * @example
 * ```ts
 * largestReplicaLag([{ lagSeconds: 3, unmeasured: [] }, { lagSeconds: null, unmeasured: ['r2 reports no replication'] }]);
 * // { lagSeconds: 3, unmeasured: ['r2 reports no replication'] }
 * ```
 */
export function largestReplicaLag(lags: readonly MeasuredReplicaLag[]): MeasuredReplicaLag {
  const measured = lags.flatMap((lag) => (lag.lagSeconds === null ? [] : [lag.lagSeconds]));
  return {
    lagSeconds: measured.length === 0 ? null : Math.max(...measured),
    unmeasured: lags.flatMap((lag) => lag.unmeasured),
  };
}
