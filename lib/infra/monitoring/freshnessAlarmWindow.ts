import { ALARM_EVALUATION_LIMITS } from '../deployRules/alarmEvaluationRanges';

/** How a freshness alarm evaluates its metric, published once per commit. */
export interface FreshnessAlarmWindow {
  readonly periodSeconds: number;
  /** Periods looked at; all of them must breach (or miss data, when that breaches) to alarm. */
  readonly evaluationPeriods: number;
  /** Whether periods without a published value breach: "no commit within the SLO". */
  readonly missingDataBreaches: boolean;
}

const DAY_SECONDS = 86_400;

/**
 * The window of an alarm on a metric each commit publishes, so that it fires when the published
 * freshness passes the SLO or when no commit published one for the SLO's length:
 *
 * - SLO up to a day: one period as long as the SLO (rounded up to a minute), missing data breaching;
 * - SLO up to seven days: whole days, as many as cover the SLO, each missing or breaching, so the
 *   alarm is never early and at most a day late (CloudWatch evaluates at most seven days:
 *   Period × EvaluationPeriods ≤ 604,800 s, "PutMetricAlarm", CloudWatch API Reference);
 * - longer: one day, only the published values compared (no silence that long can be alarmed).
 *
 * @example
 * ```ts
 * freshnessAlarmWindow(2 * 3600); // { periodSeconds: 7200, evaluationPeriods: 1, missingDataBreaches: true }
 * freshnessAlarmWindow(26 * 3600); // { periodSeconds: 86400, evaluationPeriods: 2, missingDataBreaches: true }
 * ```
 */
export function freshnessAlarmWindow(sloSeconds: number): FreshnessAlarmWindow {
  if (sloSeconds <= DAY_SECONDS) {
    return {
      periodSeconds: Math.ceil(sloSeconds / 60) * 60,
      evaluationPeriods: 1,
      missingDataBreaches: true,
    };
  }
  const days = Math.ceil(sloSeconds / DAY_SECONDS);
  if (days * DAY_SECONDS <= ALARM_EVALUATION_LIMITS.maxRangeSeconds) {
    return { periodSeconds: DAY_SECONDS, evaluationPeriods: days, missingDataBreaches: true };
  }
  return { periodSeconds: DAY_SECONDS, evaluationPeriods: 1, missingDataBreaches: false };
}
