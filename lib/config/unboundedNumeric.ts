import * as z from 'zod';
import { UNBOUNDED_NUMERIC_PATTERN } from '../core/types/unboundedNumeric';

/**
 * A source's `unboundedNumeric`: what a PostgreSQL `numeric` declared without a precision becomes,
 * for every such column (and array element) that has no `cast` of its own. The default, `string`,
 * is the only choice that lands every value such a column can hold exactly (any number of digits,
 * `NaN`, `Infinity`), so a run never fails on it; `decimal(38,N)` gives analysts a number type when
 * the data is known to fit, and fails the table, naming the value, when one does not.
 */
export const unboundedNumericSchema = z
  .string()
  .regex(UNBOUNDED_NUMERIC_PATTERN, {
    error: (issue) =>
      `received ${JSON.stringify(issue.input)}; allowed: "string", "fail" or "decimal(38,N)" with N from 0 to 38`,
  })
  .default('string')
  .describe(
    'What a PostgreSQL numeric without a declared precision becomes when its column has no cast. string (default): its exact decimal text, for every value (any digits, NaN, Infinity). decimal(38,N): an Athena decimal(38,N); a value needing more than 38-N digits before the point or more than N decimal places (trailing zeros aside), NaN or Infinity fails the table naming the value (never rounded). fail: the plan refuses the column until it has a cast or is dropped.',
  );
