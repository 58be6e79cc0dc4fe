import type { TablePlan } from '../pipeline';
import { curatedColumnSql, type TransformInputPath } from './curatedColumnSql';
import { quoteIdentifier } from './quoteIdentifier';

/** What the lake's own checks call instead of `error()` in {@link failingRowSql}. */
export const CHECK_FAILED_MACRO = 'datalake_check_failed';

/** Defines {@link CHECK_FAILED_MACRO} on a connection: a failed check is NULL, which `try()` then flags. */
export const CHECK_FAILED_MACRO_SQL = `CREATE OR REPLACE TEMP MACRO ${CHECK_FAILED_MACRO}(message) AS NULL`;

/** The alias of the n-th key value a {@link failingRowSql} row holds. */
export const FAILING_KEY_ALIAS = (index: number): string => `k${index}`;

/**
 * The DuckDB SELECT that finds the first row whose value of the plan's column at `column` does not
 * convert: its key values as text (`k0`, `k1`, …), from the same relation the transform read, with
 * the column's conversion and cast under `try()` (unmasked: a failure is the conversion's). Run
 * only after the transform failed on that column. DuckDB refuses `try()` over `error()`, which is
 * volatile, so the lake's own checks call {@link CHECK_FAILED_MACRO} instead, a NULL: run
 * {@link CHECK_FAILED_MACRO_SQL} on the connection first.
 *
 * @param keyColumns source names of the table's key columns
 * @example
 * ```ts
 * failingRowSql(plan, { relation: "read_parquet('/tmp/in.parquet')", path: 'export' }, 1, ['id']);
 * // 'SELECT CAST("id" AS VARCHAR) AS "k0" FROM read_parquet(…) WHERE "code" IS NOT NULL AND try(…) IS NULL LIMIT 1'
 * ```
 */
export function failingRowSql(
  plan: Pick<TablePlan, 'columns'>,
  input: { readonly relation: string; readonly path: TransformInputPath },
  column: number,
  keyColumns: readonly string[],
): string {
  const planned = plan.columns[column];
  if (planned === undefined) throw new RangeError(`the plan has no column ${column}`);
  const { mask: _mask, ...unmasked } = planned;
  const value = curatedColumnSql(unmasked, input.path).sql;
  const keys = keyColumns.map(
    (key, index) =>
      `CAST(${quoteIdentifier(key)} AS VARCHAR) AS ${quoteIdentifier(FAILING_KEY_ALIAS(index))}`,
  );
  const sql = `SELECT ${keys.length > 0 ? keys.join(', ') : 'NULL AS "k"'} FROM ${input.relation} WHERE ${quoteIdentifier(planned.source)} IS NOT NULL AND try(${value}) IS NULL LIMIT 1`;
  // Only the lake's own checks call error(); identifiers are SQL identifiers, never `error(`.
  return sql.replaceAll(/\berror\(/g, `${CHECK_FAILED_MACRO}(`);
}
