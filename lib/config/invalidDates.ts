import * as z from 'zod';

/**
 * A source's `invalidDates`: what a MySQL/MariaDB date that is not a calendar date becomes. MySQL
 * stores zero and partial-zero dates (`0000-00-00`, `0000-00-00 00:00:00`, `2024-00-15`,
 * `2024-02-00`) unless its `sql_mode` has NO_ZERO_DATE/NO_ZERO_IN_DATE, and dates such as
 * `2024-02-30` under ALLOW_INVALID_DATES; neither Parquet nor Athena has them. `null` lands such a
 * value as NULL, as MySQL's own connectors do (Connector/J's `zeroDateTimeBehavior=CONVERT_TO_NULL`,
 * mysql2's Date parsing), and counts it per column; `fail` fails the table naming the column and
 * the value.
 */
export const invalidDatesSchema = z
  .enum(['null', 'fail'])
  .default('null')
  .describe(
    'What a MySQL zero or partial-zero date (0000-00-00, 2024-00-15, 2024-02-00; DATE, DATETIME, TIMESTAMP) or a date that does not exist (2024-02-30) becomes. null: NULL, counted per column in the run summary and the InvalidValuesNulled metric. fail: the table fails naming the column and the value.',
  );

/** The values of {@link invalidDatesSchema}. */
export type InvalidDates = z.output<typeof invalidDatesSchema>;
