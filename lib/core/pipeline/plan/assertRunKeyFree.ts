import { TablePlanError } from '../../errors';
import type { PlannedColumn, PlannedPartitionKey } from '../TablePlan';
import { RUN_PARTITION_KEY } from './RUN_PARTITION_KEY';

/**
 * Checks that an incremental table leaves the name {@link RUN_PARTITION_KEY} free: the catalog
 * adds it as a partition key, and a partition key may not share its name with a column.
 *
 * @param label the table as `schema.table`, named in the error
 * @throws TablePlanError naming the column or partition key called `run` (any case)
 */
export function assertRunKeyFree(
  label: string,
  columns: readonly PlannedColumn[],
  partitionKeys: readonly PlannedPartitionKey[],
): void {
  const taken = [
    ...columns.map((column) => ({ source: column.source, name: column.output })),
    ...partitionKeys.map((key) => ({ source: key.column, name: key.name })),
  ].find((entry) => entry.name.toLowerCase() === RUN_PARTITION_KEY);
  if (taken === undefined) return;
  throw new TablePlanError(
    label,
    taken.source,
    `has the curated name "${taken.name}", which an incremental table keeps for its run partition key; allowed: any other name (rename the column)`,
  );
}
