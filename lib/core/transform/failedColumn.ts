import type { TablePlan } from '../pipeline';
import { ERROR_CLASS, OWN_CHECK, planColumn, SOURCE_COLUMN } from './redactDuckdbError';

/**
 * The index in the plan of the column a DuckDB error about a value names: a conversion's `source
 * column` (a positional alias `cN` of the transform, or a source name), or the column of one of
 * the lake's own checks (`expected … in "column", got: …`). `undefined` for an error that names
 * no column of the plan.
 *
 * @example
 * ```ts
 * failedColumn("Conversion Error: Could not convert string 'x9' to INT32 when casting from source column c1", plan); // 1
 * ```
 */
export function failedColumn(message: string, plan: Pick<TablePlan, 'columns'>): number | undefined {
  const errorClass = ERROR_CLASS.exec(message);
  const body = errorClass === null ? message : message.slice(errorClass[0].length);
  const check = OWN_CHECK.exec(body);
  const name = check !== null ? check[2]?.replaceAll('""', '"') : SOURCE_COLUMN.exec(body)?.[1];
  if (name === undefined) return undefined;
  const source = planColumn(name, { columns: plan.columns, dropped: [], excludedNewColumns: [] });
  const index = plan.columns.findIndex((column) => column.source === source);
  return index === -1 ? undefined : index;
}
