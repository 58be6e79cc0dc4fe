import { TablePlanError } from '../../errors';
import type { PlannedColumn } from '../TablePlan';

/**
 * Checks that no two curated columns share an output name (Glue folds names to lower case, so
 * `Email` and `email` collide).
 *
 * @throws TablePlanError naming the second column and the one that has the name already
 */
export function assertUniqueOutputs(label: string, columns: readonly PlannedColumn[]): void {
  const owners = new Map<string, string>();
  for (const column of columns) {
    const key = column.output.toLowerCase();
    const owner = owners.get(key);
    if (owner !== undefined) {
      throw new TablePlanError(
        label,
        column.source,
        `has curated name ${column.output}, which column ${owner} has already (Glue and Athena keep column names in lower case); allowed: columns.${column.source}.rename to a name no other kept column has, or columns.${column.source}: drop`,
      );
    }
    owners.set(key, column.source);
  }
}
