import type { TablePlan } from '../pipeline';

/**
 * The values a part's curation wrote through a mask: its rows × the plan's masked columns (NULLs
 * included, which a mask leaves NULL). 0 for a table whose config masks something means its
 * masks are not applied.
 *
 * @example
 * ```ts
 * maskedValues({ columns: [{ mask: { kind: 'hash' } }, {}] }, 20); // 20
 * ```
 */
export function maskedValues(
  plan: { readonly columns: readonly Pick<TablePlan['columns'][number], 'mask'>[] },
  rows: number,
): number {
  return rows * plan.columns.filter((column) => column.mask !== undefined).length;
}
