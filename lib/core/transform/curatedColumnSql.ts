import type { PlannedColumn } from '../pipeline';
import { athenaTypeToDuckdb } from '../types';
import { curatedMapping } from './curatedMapping';
import { INVALID_VALUE_FUNCTION, invalidDateSql } from './invalidDateSql';
import { maskSql } from './maskSql';
import { quoteIdentifier } from './quoteIdentifier';
import { readerHashesColumn } from './readerHashesColumn';
import type { TypedSql } from './TypedSql';

/** Which landing the input relation comes from: the RDS snapshot export or the replica extract. */
export type TransformInputPath = 'export' | 'replica';

/** Where an invalid date of a column is reported: the part's recorder and the column's index in the plan. */
export interface InvalidValueCall {
  /** The recorder's id (see `openInvalidValueRecorder` in lib/duckdb). */
  readonly recorder: number;
  /** The column's index in `plan.columns`. */
  readonly column: number;
}

/**
 * One curated column's value from the input relation, in the order the contract fixes: the type
 * mapping's conversion of the landed value, then the config's `cast` (a plain CAST: a value that
 * does not fit fails the query), then the mask.
 *
 * With `readerHashed` (the relation is the replica reader's landing), a column whose `hash` mask
 * the reader computed ({@link readerHashesColumn}) is taken as landed.
 *
 * With `invalidValues`, a MySQL date that is no calendar date (see {@link invalidDateSql}) goes to
 * `INVALID_VALUE_FUNCTION` instead of the conversion, which counts it and lands NULL or fails the
 * query as the plan's `invalidDates` says; without, it fails the conversion.
 *
 * The mapping runs with `oversizeDecimal: 'string'`, so a decimal wider than 38 digits arrives
 * as its exact text and a `cast` such as `decimal(38,10)` converts it; without a cast the plan
 * must say VARCHAR, which the caller checks against the type returned here. A `cast: string` on a
 * PostgreSQL array gives the array's own text (`{a,"b c"}`).
 *
 * @example
 * ```ts
 * curatedColumnSql(
 *   { source: 'email', output: 'email', sourceType: { engine: 'mysql', dataType: 'varchar' },
 *     athenaType: 'string', duckdbType: 'VARCHAR', mask: { kind: 'truncate', length: 3 } },
 *   'export',
 * ); // { sql: 'left(CAST(CAST("email" AS VARCHAR) AS VARCHAR), 3)', duckdbType: 'VARCHAR' }
 * ```
 */
export function curatedColumnSql(
  column: PlannedColumn,
  path: TransformInputPath,
  invalidValues?: InvalidValueCall,
  readerHashed = false,
): TypedSql {
  const landed = quoteIdentifier(column.source);
  // The replica reader wrote the mask's output already (the HMAC's hex).
  if (readerHashed && readerHashesColumn(column)) return { sql: landed, duckdbType: 'VARCHAR' };
  const mapping = curatedMapping(column);
  const converted = path === 'export' ? mapping.fromExportSql(landed) : mapping.fromReplicaSql(landed);
  const invalid = invalidValues === undefined ? undefined : invalidDateSql(column.sourceType, path, landed);
  const mapped: TypedSql = {
    sql:
      invalid === undefined || invalidValues === undefined
        ? converted
        : `CASE WHEN ${invalid.condition} THEN CAST(${INVALID_VALUE_FUNCTION}(${invalidValues.recorder}, ${invalidValues.column}, ${invalid.shown}) AS ${mapping.duckdbType}) ELSE ${converted} END`,
    duckdbType: mapping.duckdbType,
  };
  const castType = column.cast === undefined ? undefined : athenaTypeToDuckdb(column.cast);
  // `cast: string` on an array is PostgreSQL's own array text, which both paths land, not DuckDB's rendering of the list.
  const arrayAsText = castType === 'VARCHAR' && mapping.parquet.physical === 'LIST';
  const cast: TypedSql =
    castType === undefined
      ? mapped
      : {
          sql: `CAST(${arrayAsText ? landed : mapped.sql} AS ${castType})`,
          duckdbType: castType,
        };
  return column.mask === undefined ? cast : maskSql(cast, column.mask);
}
