import * as z from 'zod';
import { describeValue } from './describeValue';

const RATE = /^rate\((1 (minute|hour|day)|([2-9]|[1-9]\d+) (minutes|hours|days))\)$/;
const CRON = /^cron\((\S+) (\S+) (\S+) (\S+) (\S+) (\S+)\)$/;

/**
 * Why `expression` is not an EventBridge schedule expression, or `undefined`
 * when it is. EventBridge cron has six fields and needs `?` in day-of-month or
 * day-of-week; a five-field Unix cron is the usual mistake.
 *
 * @example
 * ```ts
 * scheduleExpressionProblem('cron(0 3 * * ? *)'); // undefined
 * scheduleExpressionProblem('cron(0 3 * * *)'); // 'received "cron(0 3 * * *)"; allowed: ...'
 * ```
 */
export function scheduleExpressionProblem(expression: string): string | undefined {
  if (RATE.test(expression)) return undefined;
  const cron = CRON.exec(expression);
  if (cron) {
    if (cron[3] === '?' || cron[5] === '?') return undefined;
    return `received ${describeValue(expression)}; EventBridge cron needs "?" in day-of-month or day-of-week`;
  }
  return (
    `received ${describeValue(expression)}; allowed: an EventBridge schedule, ` +
    '"cron(minutes hours day-of-month month day-of-week year)" or "rate(<n> minutes|hours|days)"'
  );
}

/** An EventBridge schedule expression, `cron(...)` with six fields or `rate(...)`. */
export const scheduleExpressionSchema = z.string().superRefine((expression, ctx) => {
  const problem = scheduleExpressionProblem(expression);
  if (problem) ctx.addIssue({ code: 'custom', message: problem, input: expression });
});
