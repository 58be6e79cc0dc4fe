import type { ColumnRule, SourceConfig, TableConfig } from '../../config';
import { NewColumnsError, TypeMappingError } from '../errors';
import { type MapSourceTypeOptions, parseUnboundedNumeric, type SourceColumnType } from '../types';
import { assertColumnsExist } from './plan/assertColumnsExist';
import { assertRunKeyFree } from './plan/assertRunKeyFree';
import { assertUniqueOutputs } from './plan/assertUniqueOutputs';
import { plannedColumn } from './plan/plannedColumn';
import { plannedPartitionKeys } from './plan/plannedPartitionKeys';
import { plannedPrimaryKey } from './plan/plannedPrimaryKey';
import { assertRunId } from './runId';
import type { PlannedColumn, TablePlan } from './TablePlan';

/** What {@link planTable} decides from. */
export interface PlanTableInput {
  readonly source: SourceConfig;
  readonly table: TableConfig;
  /** The source table's columns in source order (from the export's table info or the catalog). */
  readonly sourceColumns: readonly { readonly name: string; readonly type: SourceColumnType }[];
  /**
   * Column names the curated table already has in the catalog (compared case-insensitively).
   *
   * @default - first run: every source column counts as known
   */
  readonly knownColumns?: readonly string[];
  readonly runId: string;
  /** Rows the source holds for this run. */
  readonly expectedRows: number;
  /**
   * Options of the type mapping, e.g. `oversizeDecimal`.
   *
   * @default - the type mapping's defaults, with the source's `unboundedNumeric`
   */
  readonly mapOptions?: MapSourceTypeOptions;
  /**
   * The source table's primary key columns (source names, in key order), when the caller knows
   * them: the replica's catalog does, an export's table info does not.
   *
   * @default - unknown: the plan has no `primaryKey`
   */
  readonly primaryKey?: readonly string[];
}

/** Source columns the config names anywhere: they are never "new". */
function namedColumns(table: TableConfig): Set<string> {
  return new Set([
    ...Object.keys(table.columns),
    ...table.partitionBy.map((spec) => spec.column),
    ...(table.watermarkColumn === undefined ? [] : [table.watermarkColumn]),
  ]);
}

/** {@link plannedColumn}, its type errors naming the table as well, since a run plans many. */
function plannedColumnOf(
  label: string,
  name: string,
  type: SourceColumnType,
  rule: ColumnRule | undefined,
  options: MapSourceTypeOptions,
): PlannedColumn {
  try {
    return plannedColumn(name, type, rule, options);
  } catch (error) {
    if (!(error instanceof TypeMappingError)) throw error;
    throw new TypeMappingError(`${label}: ${error.message}`, error, { cause: error });
  }
}

/**
 * Decides how one table is curated in one run: which source columns are kept (config `drop` and
 * the `newColumns` policy for columns the catalog has not seen), each kept column's output name,
 * mask and curated type (config `cast` or the type mapping), the partition keys, the mode, and
 * the output names of the primary key and watermark columns.
 *
 * @throws UnknownColumnError when a rule, partition key or watermark names a column the source lacks
 * @throws NewColumnsError with `newColumns: fail` and columns the catalog has not seen
 * @throws TablePlanError for a masked or mistyped partition column, two columns with one output
 * name, or an incremental table with a column or partition key named `run`
 * @throws TypeMappingError for a kept column whose type has no exact curated type and no cast
 * @example
 * ```ts
 * const plan = planTable({ source, table, sourceColumns, knownColumns: ['id', 'email'], runId: '20261123T030005Z', expectedRows: 20 });
 * plan.excludedNewColumns; // source columns left out until a rule exists
 * ```
 */
export function planTable(input: PlanTableInput): TablePlan {
  const { source, table, sourceColumns, knownColumns } = input;
  const label = `${table.schema}.${table.name}`;
  const names = sourceColumns.map((column) => column.name);
  assertColumnsExist(label, table, names);

  const named = namedColumns(table);
  const known =
    knownColumns === undefined ? undefined : new Set(knownColumns.map((name) => name.toLowerCase()));
  const newColumns = sourceColumns
    .filter(
      (column) => known !== undefined && !named.has(column.name) && !known.has(column.name.toLowerCase()),
    )
    .map((column) => column.name);
  if (newColumns.length > 0 && table.newColumns === 'fail') throw new NewColumnsError(label, newColumns);
  const excluded = table.newColumns === 'exclude' ? new Set(newColumns) : new Set<string>();

  const mapOptions: MapSourceTypeOptions = {
    unboundedNumeric: parseUnboundedNumeric(source.unboundedNumeric),
    ...input.mapOptions,
  };
  const dropped: string[] = [];
  const columns: PlannedColumn[] = [];
  for (const { name, type } of sourceColumns) {
    const rule = table.columns[name];
    if (rule?.drop) dropped.push(name);
    else if (!excluded.has(name)) columns.push(plannedColumnOf(label, name, type, rule, mapOptions));
  }
  assertUniqueOutputs(label, columns);
  const partitionKeys = plannedPartitionKeys(label, table.partitionBy, columns);
  if (table.mode === 'incremental') assertRunKeyFree(label, columns, partitionKeys);
  const primaryKey =
    input.primaryKey === undefined ? undefined : plannedPrimaryKey(input.primaryKey, columns);
  const watermarkColumn = columns.find((column) => column.source === table.watermarkColumn)?.output;

  return {
    source: source.name,
    database: source.database,
    schema: table.schema,
    table: table.name,
    runId: assertRunId(input.runId),
    columns,
    dropped,
    excludedNewColumns: [...excluded],
    includedNewColumns: table.newColumns === 'include' ? newColumns : [],
    partitionKeys,
    expectedRows: input.expectedRows,
    mode: table.mode,
    ...(primaryKey === undefined ? {} : { primaryKey }),
    ...(watermarkColumn === undefined ? {} : { watermarkColumn }),
    freshnessSloSeconds: table.freshnessSloSeconds,
    invalidDates: source.invalidDates,
  };
}
