import type { PlannedColumn } from '../TablePlan';

/**
 * The output names of the source's primary key columns, or `undefined` when the curated values
 * no longer identify a row: a key column is dropped or excluded, or redacted or truncated (many
 * rows would share one value). A hashed key still identifies its row.
 *
 * @param primaryKey the source's primary key columns, in key order (empty: none)
 * @param columns the planned (kept) columns
 * @example
 * ```ts
 * plannedPrimaryKey(['user_id'], [{ source: 'user_id', output: 'uid', ... }]); // ['uid']
 * ```
 */
export function plannedPrimaryKey(
  primaryKey: readonly string[],
  columns: readonly PlannedColumn[],
): string[] | undefined {
  if (primaryKey.length === 0) return undefined;
  const outputs: string[] = [];
  for (const name of primaryKey) {
    const column = columns.find((candidate) => candidate.source === name);
    if (column === undefined || (column.mask !== undefined && column.mask.kind !== 'hash')) return undefined;
    outputs.push(column.output);
  }
  return outputs;
}
