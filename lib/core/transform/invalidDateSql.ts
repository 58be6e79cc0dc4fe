import type { SourceColumnType } from '../types';
import type { TransformInputPath } from './curatedColumnSql';

/**
 * The DuckDB scalar function the curating SELECT calls for each invalid date it meets (see
 * `registerInvalidValueFunction` in lib/duckdb): it counts the value for its column and returns
 * NULL, or, under `invalidDates: fail`, keeps the value and fails the query.
 */
export const INVALID_VALUE_FUNCTION = 'lake_invalid_value';

/** The earliest instant a curated timestamp holds, 0001-01-01 00:00:00, in epoch microseconds. */
const FIRST_MICROS = '-62135596800000000';

/** How one landed column tells an invalid date: the condition, and the value as text for counting or the error. */
export interface InvalidDateSql {
  /** True for a value that is no calendar date; NULL or false otherwise. */
  readonly condition: string;
  /** The landed value as VARCHAR, for the error that names it. */
  readonly shown: string;
}

/**
 * MySQL's text of a date (`YYYY-MM-DD…`, the only `-` in a DATETIME's text) that is no calendar
 * date: year 0000 (MySQL's zero year, which DuckDB would read as 1 BC), month or day 00, or a day
 * the month lacks (DuckDB's cast gives none; tried only for days 29 to 31, so text that is no
 * date at all still fails its conversion instead of landing NULL). Plain string tests: a
 * regular expression on every value made curating a date-only table half again as slow.
 */
function invalidDateText(text: string): string {
  return `(starts_with(${text}, '0000') OR contains(${text}, '-00') OR (substr(${text}, 9, 2) BETWEEN '29' AND '31' AND TRY_CAST(left(${text}, 10) AS DATE) IS NULL))`;
}

/**
 * How to find, in a landed MySQL DATE, DATETIME or TIMESTAMP column, the values MySQL stores but
 * no calendar has: zero and partial-zero dates (`0000-00-00`, `0000-00-00 00:00:00`,
 * `2024-00-15`, `2024-02-00`, allowed by a `sql_mode` without NO_ZERO_DATE/NO_ZERO_IN_DATE) and
 * days a month lacks (`2024-02-30`, ALLOW_INVALID_DATES). `undefined` for every other column.
 *
 * The replica lands the server's text. The RDS export writes DATE as text and DATETIME/TIMESTAMP
 * as INT64 TIMESTAMP_MICROS (https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_ExportSnapshot.data-types.html);
 * that page does not say what becomes of a zero date, so both shapes are handled: text (DATE)
 * checked as on the replica, and a microsecond value before 0001-01-01 (what a zero date
 * converted field by field gives, and what the simulated export writes for one). An export that
 * wrote such a value as NULL leaves nothing to find: it lands NULL, uncounted.
 *
 * @param expr the landed column, already quoted
 * @example
 * ```ts
 * invalidDateSql({ engine: 'mysql', dataType: 'datetime' }, 'export', '"created_at"');
 * // { condition: '(epoch_us("created_at") < -62135596800000000)', shown: 'CAST(make_timestamp(epoch_us("created_at")) AS VARCHAR)' }
 * ```
 */
export function invalidDateSql(
  type: SourceColumnType,
  path: TransformInputPath,
  expr: string,
): InvalidDateSql | undefined {
  if (type.engine !== 'mysql') return undefined;
  switch (type.dataType.trim().toLowerCase()) {
    case 'date':
      return { condition: invalidDateText(expr), shown: expr };
    case 'datetime':
    case 'timestamp':
      return path === 'replica'
        ? { condition: invalidDateText(expr), shown: expr }
        : {
            condition: `(epoch_us(${expr}) < ${FIRST_MICROS})`,
            shown: `CAST(make_timestamp(epoch_us(${expr})) AS VARCHAR)`,
          };
    default:
      return undefined;
  }
}
