import type { PlannedColumn, TablePlan } from '../../lib/core/pipeline';
import type { SourceColumnType } from '../../lib/core/types';

/** A planned column: the source type and the curated types are given, as the plan step states them. */
export function plannedColumn(
  source: string,
  sourceType: Omit<SourceColumnType, 'engine'> & Partial<Pick<SourceColumnType, 'engine'>>,
  curated: { athenaType: string; duckdbType: string },
  rule: Partial<Pick<PlannedColumn, 'output' | 'mask' | 'cast'>> = {},
): PlannedColumn {
  return {
    source,
    output: rule.output ?? source,
    sourceType: { engine: 'mysql', ...sourceType },
    athenaType: curated.athenaType,
    duckdbType: curated.duckdbType,
    ...(rule.mask ? { mask: rule.mask } : {}),
    ...(rule.cast ? { cast: rule.cast } : {}),
  };
}

/** A table plan for `service.marketplace.items`, run `20261123T030005Z`, unpartitioned unless overridden. */
export function tablePlan(columns: readonly PlannedColumn[], overrides: Partial<TablePlan> = {}): TablePlan {
  return {
    source: 'service',
    database: 'marketplace',
    schema: 'marketplace',
    table: 'items',
    runId: '20261123T030005Z',
    columns,
    dropped: [],
    excludedNewColumns: [],
    includedNewColumns: [],
    partitionKeys: [],
    expectedRows: 0,
    ...overrides,
  };
}
