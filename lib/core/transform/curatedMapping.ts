import type { PlannedColumn } from '../pipeline';
import { type ColumnTypeMapping, mapSourceType, type UnboundedNumeric } from '../types';

/**
 * The plan's choice for an unconstrained PostgreSQL numeric (the source's `unboundedNumeric`), read
 * back from its type: a planned `DECIMAL(38,N)` without a cast, else the exact text (which a cast
 * then converts).
 */
function plannedUnboundedNumeric(column: PlannedColumn): UnboundedNumeric {
  const scale = column.cast === undefined ? /DECIMAL\(38,(\d+)\)/.exec(column.duckdbType)?.[1] : undefined;
  return scale === undefined ? 'string' : `decimal(38,${Number(scale)})`;
}

/**
 * The type mapping a planned column is curated with: its source type mapped with
 * `oversizeDecimal: 'string'` (a decimal wider than 38 digits arrives as its exact text, for a
 * `cast` to convert) and the plan's choice for an unconstrained numeric.
 *
 * @example
 * ```ts
 * curatedMapping(column).fromReplicaSql('"email"'); // 'CAST("email" AS VARCHAR)'
 * ```
 */
export function curatedMapping(column: PlannedColumn): ColumnTypeMapping {
  return mapSourceType(
    { column: column.source, ...column.sourceType },
    { oversizeDecimal: 'string', unboundedNumeric: plannedUnboundedNumeric(column) },
  );
}
