import type { PlannedColumn } from '../pipeline';
import { athenaTypeToDuckdb, mapSourceType } from '../types';
import { maskSql } from './maskSql';
import { quoteIdentifier } from './quoteIdentifier';
import type { TypedSql } from './TypedSql';

/** Which landing the input relation comes from: the RDS snapshot export or the replica extract. */
export type TransformInputPath = 'export' | 'replica';

/**
 * One curated column's value from the input relation, in the order the contract fixes: the type
 * mapping's conversion of the landed value, then the config's `cast` (a plain CAST: a value that
 * does not fit fails the query), then the mask.
 *
 * The mapping runs with `oversizeDecimal: 'string'`, so a decimal wider than 38 digits arrives
 * as its exact text and a `cast` such as `decimal(38,10)` converts it; without a cast the plan
 * must say VARCHAR, which the caller checks against the type returned here.
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
export function curatedColumnSql(column: PlannedColumn, path: TransformInputPath): TypedSql {
  const mapping = mapSourceType(
    { column: column.source, ...column.sourceType },
    { oversizeDecimal: 'string' },
  );
  const landed = quoteIdentifier(column.source);
  const mapped: TypedSql = {
    sql: path === 'export' ? mapping.fromExportSql(landed) : mapping.fromReplicaSql(landed),
    duckdbType: mapping.duckdbType,
  };
  const castType = column.cast === undefined ? undefined : athenaTypeToDuckdb(column.cast);
  const cast: TypedSql =
    castType === undefined ? mapped : { sql: `CAST(${mapped.sql} AS ${castType})`, duckdbType: castType };
  return column.mask === undefined ? cast : maskSql(cast, column.mask);
}
