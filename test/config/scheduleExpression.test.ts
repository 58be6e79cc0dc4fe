import { scheduleExpressionProblem } from '../../lib/config/scheduleExpression';

describe('scheduleExpressionProblem', () => {
  it.each([
    'cron(0 3 * * ? *)',
    'cron(15 2 ? * MON-FRI *)',
    'rate(1 hour)',
    'rate(6 hours)',
    'rate(10 minutes)',
  ])('accepts %s', (expression) => {
    // Act / Assert
    expect(scheduleExpressionProblem(expression)).toBeUndefined();
  });

  it.each([
    ['cron(0 3 * * *)', /allowed: an EventBridge schedule/],
    ['cron(0 3 * * * *)', /needs "\?" in day-of-month or day-of-week/],
    ['rate(1 hours)', /allowed: an EventBridge schedule/],
    ['rate(2 hour)', /allowed: an EventBridge schedule/],
    ['rate(0 minutes)', /allowed: an EventBridge schedule/],
    ['every day', /received "every day"/],
  ])('refuses %s', (expression, problem) => {
    // Act / Assert
    expect(scheduleExpressionProblem(expression)).toMatch(problem);
  });
});
