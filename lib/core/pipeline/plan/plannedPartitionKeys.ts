import type { PartitionSpec } from '../../../config';
import { TablePlanError } from '../../errors';
import type { PlannedColumn, PlannedPartitionKey } from '../TablePlan';

const TIME_TYPES = new Set(['date', 'timestamp']);

/**
 * The table's partition keys, outermost first: a `value` key is named after its output column,
 * a `year`/`month`/`day` key `<output>_<granularity>`.
 *
 * @param columns the planned (kept) columns
 * @throws TablePlanError for a masked partition column (its value would leak into paths), a
 * time granularity on a column that is not a date or timestamp, or a key name another column has
 */
export function plannedPartitionKeys(
  label: string,
  specs: readonly PartitionSpec[],
  columns: readonly PlannedColumn[],
): PlannedPartitionKey[] {
  const outputs = new Set(columns.map((column) => column.output));
  return specs.map((spec) => {
    const column = columns.find((candidate) => candidate.source === spec.column);
    if (column === undefined) {
      throw new TablePlanError(label, spec.column, 'is a partition key but is not a curated column');
    }
    if (column.mask !== undefined) {
      throw new TablePlanError(
        label,
        spec.column,
        `is masked (${column.mask.kind}) and cannot be a partition key: its value would appear in the partition paths; allowed: an unmasked column`,
      );
    }
    if (spec.granularity !== 'value' && !TIME_TYPES.has(column.athenaType)) {
      throw new TablePlanError(
        label,
        spec.column,
        `has curated type ${column.athenaType}; granularity ${spec.granularity} needs a date or timestamp column (or granularity: value)`,
      );
    }
    const name = spec.granularity === 'value' ? column.output : `${column.output}_${spec.granularity}`;
    if (spec.granularity !== 'value' && outputs.has(name)) {
      throw new TablePlanError(
        label,
        spec.column,
        `makes partition key ${name}, which is also a curated column; rename that column`,
      );
    }
    return { name, column: column.output, granularity: spec.granularity };
  });
}
