import { DataLakeError } from '../errors';

/**
 * What a PostgreSQL `numeric` without a declared precision (which holds any value up to 131072
 * digits before the point and 16383 after, and `NaN`) becomes: the source's config key
 * `unboundedNumeric`. `string` lands its exact decimal text; `decimal(38,N)` an Athena decimal
 * with scale N, a value that does not fit without rounding (more than 38-N digits before the point,
 * more than N significant digits after it, `NaN`, `Infinity`) failing the table; `fail` refuses
 * the column at plan time unless it has a `cast` or is dropped.
 */
export type UnboundedNumeric = 'string' | 'fail' | `decimal(38,${number})`;

/** The spellings of {@link UnboundedNumeric}: `string`, `fail`, `decimal(38,0)` … `decimal(38,38)`. */
export const UNBOUNDED_NUMERIC_PATTERN = /^(?:string|fail|decimal\(38,(?:\d|[12]\d|3[0-8])\))$/;

/**
 * The {@link UnboundedNumeric} a text spells.
 *
 * @throws DataLakeError naming the value and the allowed spellings
 * @example
 * ```ts
 * parseUnboundedNumeric('decimal(38,4)'); // 'decimal(38,4)'
 * ```
 */
export function parseUnboundedNumeric(text: string): UnboundedNumeric {
  if (text === 'string' || text === 'fail') return text;
  const scale = /^decimal\(38,(\d+)\)$/.exec(text)?.[1];
  if (scale === undefined || !UNBOUNDED_NUMERIC_PATTERN.test(text)) {
    throw new DataLakeError(
      `Invalid unboundedNumeric: received ${JSON.stringify(text)}; allowed: string, fail or decimal(38,N) with N from 0 to 38`,
    );
  }
  return `decimal(38,${Number(scale)})`;
}

/** The scale of a `decimal(38,N)` choice, `undefined` for `string` and `fail`. */
export function unboundedNumericScale(choice: UnboundedNumeric): number | undefined {
  const scale = /^decimal\(38,(\d+)\)$/.exec(choice)?.[1];
  return scale === undefined ? undefined : Number(scale);
}
