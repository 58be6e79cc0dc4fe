import type { DeployRule, DeployRuleViolation } from './DeployRule';
import { resourcesOfType, type SynthesizedStack } from './SynthesizedStack';

/** PutMetricAlarm's limits on an alarm's evaluation, from its API reference. */
export const ALARM_EVALUATION_LIMITS = {
  /** Period × EvaluationPeriods for a period of an hour or more: seven days. */
  maxRangeSeconds: 604_800,
  /** Period × EvaluationPeriods for a period under an hour: one day. */
  maxShortPeriodRangeSeconds: 86_400,
  /** Periods under this are "short" (the one-day range applies). */
  shortPeriodBelowSeconds: 3_600,
} as const;

/** The periods PutMetricAlarm accepts: 10, 20, 30, or a multiple of 60 seconds. */
function validPeriod(period: number): boolean {
  return period === 10 || period === 20 || period === 30 || (period > 0 && period % 60 === 0);
}

/** The periods of an alarm: its own, or each metric's of a metric-math alarm. */
function periodsOf(properties: Record<string, unknown>): number[] {
  if (typeof properties.Period === 'number') return [properties.Period];
  const metrics = Array.isArray(properties.Metrics) ? properties.Metrics : [];
  return metrics.flatMap((query: { MetricStat?: { Period?: unknown }; Period?: unknown }) => {
    const period = query.MetricStat?.Period ?? query.Period;
    return typeof period === 'number' ? [period] : [];
  });
}

function alarmProblems(properties: Record<string, unknown>): string[] {
  const evaluationPeriods =
    typeof properties.EvaluationPeriods === 'number' ? properties.EvaluationPeriods : 1;
  const problems: string[] = [];
  const datapoints = properties.DatapointsToAlarm;
  if (typeof datapoints === 'number' && datapoints > evaluationPeriods) {
    problems.push(`DatapointsToAlarm ${datapoints} exceeds EvaluationPeriods ${evaluationPeriods}`);
  }
  for (const period of periodsOf(properties)) {
    if (!validPeriod(period)) {
      problems.push(`Period ${period} s is not 10, 20, 30 or a multiple of 60`);
      continue;
    }
    const range = period * evaluationPeriods;
    const short = period < ALARM_EVALUATION_LIMITS.shortPeriodBelowSeconds;
    const limit = short
      ? ALARM_EVALUATION_LIMITS.maxShortPeriodRangeSeconds
      : ALARM_EVALUATION_LIMITS.maxRangeSeconds;
    if (range > limit) {
      problems.push(
        `Period ${period} s × EvaluationPeriods ${evaluationPeriods} = ${range} s; allowed: at most ${limit} s${short ? ' for a period under an hour' : ''}`,
      );
    }
  }
  return problems;
}

/**
 * CloudWatch refuses an alarm whose period is not 10, 20, 30 or a multiple of 60 seconds, or
 * whose evaluation range (Period × EvaluationPeriods) passes seven days, or one day when the
 * period is under an hour ("PutMetricAlarm", CloudWatch API Reference); a template does not show
 * it until the alarm is created. The freshness alarms derive their windows from SLOs of hours to
 * days, so the rule is checked on every stack.
 */
export const alarmEvaluationRanges: DeployRule = {
  id: 'alarm-evaluation-range',
  documentation: 'https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutMetricAlarm.html',
  check(stacks: readonly SynthesizedStack[]) {
    return stacks.flatMap((stack) =>
      resourcesOfType(stack, 'AWS::CloudWatch::Alarm').flatMap(([logicalId, resource]) =>
        alarmProblems(resource.Properties ?? {}).map(
          (message): DeployRuleViolation => ({
            rule: alarmEvaluationRanges.id,
            stack: stack.stackName,
            resource: logicalId,
            message,
          }),
        ),
      ),
    );
  },
};
