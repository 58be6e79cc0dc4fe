import * as z from 'zod';
import { athenaTypeSchema } from './athenaType';
import { describeValue } from './describeValue';
import { outputColumnNameSchema } from './identifiers';

/** How a masked column's values are replaced. */
export const maskKindSchema = z
  .enum(['hash', 'redact', 'truncate'])
  .describe(
    'hash: HMAC-SHA-256 keyed by the salt secret, lower-case hex (joins still work); redact: replaced by `token`, else NULL; ' +
      'truncate: keeps the first `length` characters.',
  );

/** Keys a column rule may set besides `drop`. */
const TRANSFORM_KEYS = ['mask', 'length', 'token', 'rename', 'cast'] as const;

/** The object form of a column rule, with the combinations checked. */
const columnRuleObjectSchema = z
  .strictObject({
    // A boolean, not `true` only, so a validated config (which spells out `drop: false`) parses again.
    drop: z
      .boolean()
      .optional()
      .describe('true: leave the column out of the curated table (excludes every other key).'),
    mask: maskKindSchema.optional(),
    length: z
      .int()
      .min(1)
      .optional()
      .describe('Characters kept by `mask: truncate`; required for truncate only.'),
    token: z
      .string()
      .max(256)
      .optional()
      .describe('Replacement value for `mask: redact`. Default: the value becomes NULL.'),
    rename: outputColumnNameSchema.optional().describe('Name of the column in the curated table.'),
    cast: athenaTypeSchema.optional(),
  })
  .superRefine((rule, ctx) => {
    const set = TRANSFORM_KEYS.filter((key) => rule[key] !== undefined);
    if (rule.drop) {
      for (const key of set) {
        ctx.addIssue({
          code: 'custom',
          path: [key],
          message: 'cannot be combined with drop: a dropped column is not written',
        });
      }
      return;
    }
    if (set.length === 0) {
      ctx.addIssue({
        code: 'custom',
        message: 'received an empty rule; allowed: "drop", or an object with drop, mask, rename or cast',
      });
    }
    if (rule.mask === 'truncate' && rule.length === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['length'],
        message: 'is required with mask: truncate, received nothing',
      });
    }
    if (rule.length !== undefined && rule.mask !== 'truncate') {
      ctx.addIssue({
        code: 'custom',
        path: ['length'],
        message: `is only allowed with mask: truncate, received mask: ${rule.mask ?? 'nothing'}`,
      });
    }
    if (rule.token !== undefined && rule.mask !== 'redact') {
      ctx.addIssue({
        code: 'custom',
        path: ['token'],
        message: `is only allowed with mask: redact, received mask: ${rule.mask ?? 'nothing'}`,
      });
    }
  });

/**
 * What to do with one source column: the string `"drop"`, `{ drop: true }`, or
 * any of `mask` (with `length` for truncate, optional `token` for redact),
 * `rename` and `cast` together.
 *
 * @example
 * ```yaml
 * email: { mask: hash, rename: email_hash }
 * password_hash: drop
 * price: { cast: "decimal(12,2)" }
 * ```
 */
export const columnRuleSchema = z.union([z.literal('drop'), columnRuleObjectSchema], {
  error: (issue) =>
    `received ${describeValue(issue.input)}; allowed: "drop", or an object with drop, mask, length, token, rename, cast`,
});

/** A column rule as validated, before `"drop"` is normalized to `{ drop: true }`. */
export type ParsedColumnRule = z.output<typeof columnRuleSchema>;

/** Whether the rule removes the column from the curated table. */
export function isDropRule(rule: ParsedColumnRule): boolean {
  return rule === 'drop' || rule.drop === true;
}
