import type { CommittedAsOf } from './committedAsOf';

/** How fresh one committed table is against its SLO. */
export interface TableFreshness extends CommittedAsOf {
  /** now − {@link CommittedAsOf.asOf}, in whole seconds (never negative). */
  readonly ageSeconds: number;
  /** The table's freshness SLO (config `freshnessSlo`, see `freshnessSloSeconds`). */
  readonly sloSeconds: number;
  /** `true` while the age is within the SLO, as the table's freshness alarm sees it. */
  readonly withinSlo: boolean;
}

/**
 * A committed table's freshness: how old its newest queryable data is now, and whether that is
 * within its SLO.
 *
 * @example
 * ```ts
 * tableFreshness(committedAsOf(view.parameters)!, 93600, new Date('2026-11-23T06:00:05Z'));
 * // { runId: '20261123T030005Z', asOf, basis: 'run start', ageSeconds: 10800, sloSeconds: 93600, withinSlo: true }
 * ```
 */
export function tableFreshness(committed: CommittedAsOf, sloSeconds: number, now: Date): TableFreshness {
  const ageSeconds = Math.max(0, Math.round((now.getTime() - committed.asOf.getTime()) / 1000));
  return { ...committed, ageSeconds, sloSeconds, withinSlo: ageSeconds <= sloSeconds };
}
