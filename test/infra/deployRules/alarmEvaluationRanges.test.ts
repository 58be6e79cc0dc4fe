import { Duration, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { synthesizedStacks } from '../../../lib/infra/deployRules';
import { alarmEvaluationRanges } from '../../../lib/infra/deployRules/alarmEvaluationRanges';
import { TEST_ENV, testApp } from '../../helpers/testApp';

/** The messages of the rule for one alarm on a custom metric with `period` and `evaluationPeriods`. */
function violationsOf(period: Duration, evaluationPeriods: number, datapointsToAlarm?: number): string[] {
  const app = testApp();
  const stack = new Stack(app, 'S', { env: TEST_ENV });
  new cloudwatch.Metric({ namespace: 'Test', metricName: 'M', period }).createAlarm(stack, 'Alarm', {
    threshold: 1,
    evaluationPeriods,
    ...(datapointsToAlarm === undefined ? {} : { datapointsToAlarm }),
  });
  return alarmEvaluationRanges.check(synthesizedStacks(app.synth())).map((v) => v.message);
}

describe('alarmEvaluationRanges (PutMetricAlarm: Period × EvaluationPeriods ≤ 7 days, ≤ 1 day for periods under an hour)', () => {
  it('accepts seven daily periods and a day of 5-minute periods', () => {
    expect(violationsOf(Duration.days(1), 7)).toEqual([]);
    expect(violationsOf(Duration.minutes(5), 288)).toEqual([]);
  });

  it('reports eight daily periods', () => {
    expect(violationsOf(Duration.days(1), 8)).toEqual([
      'Period 86400 s × EvaluationPeriods 8 = 691200 s; allowed: at most 604800 s',
    ]);
  });

  it('reports more than a day of periods under an hour', () => {
    expect(violationsOf(Duration.minutes(5), 289)).toEqual([
      'Period 300 s × EvaluationPeriods 289 = 86700 s; allowed: at most 86400 s for a period under an hour',
    ]);
  });

  it('reports more datapoints than periods', () => {
    expect(violationsOf(Duration.hours(1), 2, 3)).toEqual([
      'DatapointsToAlarm 3 exceeds EvaluationPeriods 2',
    ]);
  });

  it('reports a period that is not 10, 20, 30 or a multiple of 60', () => {
    // Arrange: CDK's Metric refuses such a period itself; a raw alarm (or a math expression's) does not.
    const app = testApp();
    const stack = new Stack(app, 'S', { env: TEST_ENV });
    new cloudwatch.CfnAlarm(stack, 'Alarm', {
      namespace: 'Test',
      metricName: 'M',
      statistic: 'Maximum',
      period: 90,
      evaluationPeriods: 1,
      threshold: 1,
      comparisonOperator: 'GreaterThanThreshold',
    });

    // Act
    const violations = alarmEvaluationRanges.check(synthesizedStacks(app.synth()));

    // Assert
    expect(violations.map((v) => v.message)).toEqual(['Period 90 s is not 10, 20, 30 or a multiple of 60']);
  });
});
