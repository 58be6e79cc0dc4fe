import { freshnessAlarmWindow } from '../../../lib/infra/monitoring/freshnessAlarmWindow';

describe('freshnessAlarmWindow', () => {
  it.each([
    [60, { periodSeconds: 60, evaluationPeriods: 1, missingDataBreaches: true }],
    [90, { periodSeconds: 120, evaluationPeriods: 1, missingDataBreaches: true }],
    [2 * 3600, { periodSeconds: 7200, evaluationPeriods: 1, missingDataBreaches: true }],
    [86_400, { periodSeconds: 86_400, evaluationPeriods: 1, missingDataBreaches: true }],
    [26 * 3600, { periodSeconds: 86_400, evaluationPeriods: 2, missingDataBreaches: true }],
    [3 * 86_400, { periodSeconds: 86_400, evaluationPeriods: 3, missingDataBreaches: true }],
    [7 * 86_400, { periodSeconds: 86_400, evaluationPeriods: 7, missingDataBreaches: true }],
    [7 * 86_400 + 1, { periodSeconds: 86_400, evaluationPeriods: 1, missingDataBreaches: false }],
    [30 * 86_400, { periodSeconds: 86_400, evaluationPeriods: 1, missingDataBreaches: false }],
  ])('an SLO of %i s is watched as %o', (slo, window) => {
    expect(freshnessAlarmWindow(slo)).toEqual(window);
  });

  it.each([60, 3599, 3600, 26 * 3600, 7 * 86_400, 30 * 86_400])(
    'keeps PutMetricAlarm’s range for an SLO of %i s (≤ 1 day under an hour’s period, else ≤ 7 days) and never alarms before the SLO',
    (slo) => {
      const { periodSeconds, evaluationPeriods, missingDataBreaches } = freshnessAlarmWindow(slo);
      const range = periodSeconds * evaluationPeriods;
      expect(periodSeconds % 60).toBe(0);
      expect(range).toBeLessThanOrEqual(periodSeconds < 3600 ? 86_400 : 604_800);
      if (missingDataBreaches) expect(range).toBeGreaterThanOrEqual(slo);
    },
  );
});
