import * as z from 'zod';
import { describeValue } from './describeValue';
import { sqlIdentifierSchema } from './identifiers';

/** How a partition value is derived from its column. */
export const granularitySchema = z
  .enum(['year', 'month', 'day', 'value'])
  .describe('year, month, day: truncate a date/timestamp column; value: one partition per distinct value.');

/**
 * One partition key of a curated table: a source column name (partitioned by its
 * value) or `{ column, granularity }`.
 *
 * @example
 * ```yaml
 * partitionBy: [country, { column: created_at, granularity: month }]
 * ```
 */
export const partitionSpecSchema = z.union(
  [
    sqlIdentifierSchema,
    z.strictObject({
      column: sqlIdentifierSchema.describe('Source column name (before any rename).'),
      granularity: granularitySchema,
    }),
  ],
  {
    error: (issue) =>
      `received ${describeValue(issue.input)}; allowed: a column name, or { column, granularity: year|month|day|value }`,
  },
);

/** A partition key as validated, before a bare column name is normalized to `{ column, granularity: 'value' }`. */
export type ParsedPartitionSpec = z.output<typeof partitionSpecSchema>;

/** The source column a partition key reads. */
export function partitionColumn(spec: ParsedPartitionSpec): string {
  return typeof spec === 'string' ? spec : spec.column;
}
