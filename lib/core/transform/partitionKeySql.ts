import type { PlannedPartitionKey } from '../pipeline';
import type { TypedSql } from './TypedSql';

/** strftime formats of the time granularities; `%Y` pads to four digits (year 0001 → '0001'). */
const FORMATS = { year: '%Y', month: '%Y-%m', day: '%Y-%m-%d' } as const;

/** Curated types a time granularity can read: both hold the UTC wall clock, so no zone applies. */
const TIME_TYPES = new Set(['DATE', 'TIMESTAMP']);

/** Whether a partition key of `granularity` can be derived from a curated value of `duckdbType`. */
export function partitionKeyAccepts(
  granularity: PlannedPartitionKey['granularity'],
  duckdbType: string,
): boolean {
  return granularity === 'value' || TIME_TYPES.has(duckdbType.trim().toUpperCase());
}

/**
 * The text of one partition key from its column's curated value: `'YYYY'`, `'YYYY-MM'` or
 * `'YYYY-MM-DD'` of a DATE or TIMESTAMP (UTC wall clock), or the value's text for `value`. A NULL
 * value gives a NULL key, which lands in Hive's default partition.
 *
 * @example
 * ```ts
 * partitionKeySql({ sql: '"c3"', duckdbType: 'TIMESTAMP' }, 'month'); // "strftime(\"c3\", '%Y-%m')"
 * ```
 */
export function partitionKeySql(value: TypedSql, granularity: PlannedPartitionKey['granularity']): string {
  return granularity === 'value'
    ? `CAST(${value.sql} AS VARCHAR)`
    : `strftime(${value.sql}, '${FORMATS[granularity]}')`;
}
