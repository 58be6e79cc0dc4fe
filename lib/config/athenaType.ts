import * as z from 'zod';
import { describeValue } from './describeValue';

const SIMPLE_TYPES = [
  'boolean',
  'tinyint',
  'smallint',
  'int',
  'integer',
  'bigint',
  'float',
  'real',
  'double',
  'date',
  'timestamp',
  'string',
  'binary',
] as const;

const ALLOWED =
  `${SIMPLE_TYPES.join(', ')}, decimal(p,s) with p 1..38 and s 0..p, ` +
  'varchar(n) with n 1..65535, char(n) with n 1..255';

/**
 * Why `type` is not an Athena column type this lake writes, or `undefined` when it is.
 * Complex types (array, map, struct) are left out: casts and payload fields are scalar.
 *
 * @example
 * ```ts
 * athenaTypeProblem('decimal(12,2)'); // undefined
 * athenaTypeProblem('decimal(40,2)'); // 'decimal precision must be 1..38, received 40'
 * ```
 */
export function athenaTypeProblem(type: string): string | undefined {
  if ((SIMPLE_TYPES as readonly string[]).includes(type)) return undefined;
  const decimal = /^decimal\(\s*(\d+)\s*,\s*(\d+)\s*\)$/.exec(type);
  if (decimal) {
    const precision = Number(decimal[1]);
    const scale = Number(decimal[2]);
    if (precision < 1 || precision > 38) return `decimal precision must be 1..38, received ${precision}`;
    if (scale > precision) return `decimal scale must be 0..${precision} (the precision), received ${scale}`;
    return undefined;
  }
  const sized = /^(varchar|char)\(\s*(\d+)\s*\)$/.exec(type);
  if (sized) {
    const length = Number(sized[2]);
    const max = sized[1] === 'varchar' ? 65535 : 255;
    if (length < 1 || length > max) return `${sized[1]} length must be 1..${max}, received ${length}`;
    return undefined;
  }
  return `received ${describeValue(type)}; allowed Athena types: ${ALLOWED}`;
}

/** An Athena scalar type name, lower case, e.g. `bigint` or `decimal(12,2)`. */
export const athenaTypeSchema = z
  .string()
  .superRefine((type, ctx) => {
    const problem = athenaTypeProblem(type);
    if (problem) ctx.addIssue({ code: 'custom', message: problem, input: type });
  })
  .describe(`An Athena scalar type: ${ALLOWED}.`);
