import { TablePlanError } from '../errors';
import type { PlannedColumn, TablePlan, WrittenColumn } from '../pipeline';
import { buildTransformSql, quoteIdentifier, quoteLiteral } from '../transform';
import type { ChangeFileKind } from './changeFileOf';
import { DMS_CHANGE_FORMAT, type DmsChangeFormat } from './DmsChangeFormat';

/** A local copy of a change file, in apply order. */
export interface LandedChangeFile {
  readonly path: string;
  readonly kind: ChangeFileKind;
}

/** A local copy of a file of the base run, and the partition it was written to. */
export interface BaseFile {
  readonly path: string;
  /** Partition key → value, as the run's manifest lists it; a NULL value is left out. */
  readonly partitionValues: Readonly<Record<string, string>>;
}

/** What the next version of a table is made of. */
export interface ApplyChangesInput {
  /** The table's plan: its columns, masks, partitions and primary key (output names). */
  readonly plan: TablePlan;
  readonly changes: {
    /** The batch's change files in apply order (see `changesAfter`); at least one. */
    readonly files: readonly LandedChangeFile[];
    /**
     * Every column found in any of them, with the type DuckDB reads (a column added mid-stream is
     * in the newer ones only).
     */
    readonly columns: readonly WrittenColumn[];
  };
  /** The version readers see now; @default - none: the table starts empty */
  readonly base?: {
    readonly files: readonly BaseFile[];
    /** Every column in its files. */
    readonly columns: readonly WrittenColumn[];
  };
  /** @default DMS_CHANGE_FORMAT */
  readonly format?: DmsChangeFormat;
}

/** Names the apply adds to each change row; no source column or curated column may use the prefix. */
const META_PREFIX = 'datalake_cdc_';
const META = {
  op: `${META_PREFIX}op`,
  phase: `${META_PREFIX}phase`,
  commitMicros: `${META_PREFIX}commit_us`,
  file: `${META_PREFIX}file`,
  row: `${META_PREFIX}row`,
  step: `${META_PREFIX}step`,
  path: `${META_PREFIX}path`,
} as const;
const beforeName = (index: number): string => `${META_PREFIX}before_${index}`;

const q = quoteIdentifier;
const list = (names: readonly string[]): string => names.map(q).join(', ');

/**
 * The DuckDB SELECT of a table's next version: the base version with the batch's changes applied.
 * Readers get the newest version of each primary key, deleted keys absent. Its columns are what
 * `buildTransformSql` gives (the curated data columns, then the partition key columns), so
 * `writeCuratedPart` writes it as any run's part.
 *
 * - The change rows go through `buildTransformSql` with the plan: the same type mapping, casts
 *   and masks as the other paths; a column of the plan that no change file has yet, or the base
 *   lacks (a column added mid-stream, under `newColumns: include`), is NULL there.
 * - Order: full-load rows before change rows; change rows by commit time, then file order, then
 *   row order within the file. DMS's commit time has the precision the source gives it (MySQL's
 *   binlog: seconds), so several transactions share one: DMS writes a table's changes to its files
 *   in the order it reads them from the log, and the file and row order keep it.
 * - An update whose before-image key differs from its key (an update of the primary key) also
 *   deletes the old key, just before the row's own change; a later insert of the old key wins again.
 * - The newest change of a key replaces the key's base row; a delete removes it.
 *
 * Keys are compared curated (after masks): the planner gives a primary key only while curated
 * values still identify rows (a hash keeps identity; drop, redact or truncate do not).
 *
 * @throws TablePlanError when the plan has no usable primary key, a key column is also its own
 *   `value` partition key, or a source column has the name of a column DMS adds (the operation,
 *   the commit time, the before-image prefix) or the apply's `datalake_cdc_` prefix
 * @example
 * ```ts
 * const { sql, partitionKeys } = applyChangesSql({
 *   plan,
 *   changes: { files: [{ path: '/tmp/c/0.parquet', kind: 'full-load' }], columns: ['id', 'title'] },
 * });
 * ```
 */
export function applyChangesSql(input: ApplyChangesInput): { sql: string; partitionKeys: readonly string[] } {
  const { plan } = input;
  const format = input.format ?? DMS_CHANGE_FORMAT;
  const tableName = `${plan.schema}.${plan.table}`;
  const keyColumns = primaryKeyColumns(plan, tableName);
  for (const column of plan.columns) {
    const reserved = reservedBy(column, format);
    if (reserved !== undefined) throw new TablePlanError(tableName, column.source, reserved);
  }
  const engine = keyColumns[0]?.sourceType.engine ?? 'mysql';
  const meta = (name: string, dataType: 'bigint' | 'varchar'): PlannedColumn => ({
    source: name,
    output: name,
    sourceType: { engine, dataType },
    athenaType: dataType === 'bigint' ? 'bigint' : 'string',
    duckdbType: dataType === 'bigint' ? 'BIGINT' : 'VARCHAR',
  });
  // The change rows' order and operation, and their keys before an update, ride through the
  // plan's own SELECT as extra columns: the before-image key gets the key's own mapping and mask.
  const befores = keyColumns.map((column, index) => ({
    ...column,
    source: beforeName(index),
    output: beforeName(index),
  }));
  const changesPlan: TablePlan = {
    ...plan,
    columns: [
      ...plan.columns,
      meta(META.op, 'varchar'),
      meta(META.phase, 'bigint'),
      meta(META.commitMicros, 'bigint'),
      meta(META.file, 'bigint'),
      meta(META.row, 'bigint'),
      ...befores,
    ],
  };
  const changes = buildTransformSql(changesPlan, {
    relation: landedChanges(input, keyColumns, format),
    path: 'replica',
  });

  const keys = keyColumns.map((column) => column.output);
  const ownValueKeys = new Set(
    plan.partitionKeys
      .filter((key) => key.granularity === 'value' && key.column === key.name)
      .map((key) => key.name),
  );
  const clash = keys.find((key) => ownValueKeys.has(key));
  if (clash !== undefined) {
    throw new TablePlanError(
      tableName,
      clash,
      'is both a primary key column and its own value partition key',
    );
  }
  const dataColumns = plan.columns.filter((column) => !ownValueKeys.has(column.output));
  const outputs = [...dataColumns.map((column) => column.output), ...changes.partitionKeys];

  const sameKey = keys
    .map((key, index) => `${q(beforeName(index))} IS NOT DISTINCT FROM ${q(key)}`)
    .join(' AND ');
  const anyBefore = keys.map((_, index) => `${q(beforeName(index))} IS NOT NULL`).join(' OR ');
  const oldKeyDeletes = `SELECT * REPLACE (${keys
    .map((key, index) => `${q(beforeName(index))} AS ${q(key)}`)
    .join(
      ', ',
    )}, 'D' AS ${q(META.op)}), 0 AS ${q(META.step)} FROM changes WHERE ${q(META.op)} = 'U' AND (${anyBefore}) AND NOT (${sameKey})`;
  const newestFirst = [META.phase, META.commitMicros, META.file, META.row, META.step]
    .map((name) => `${q(name)} DESC NULLS LAST`)
    .join(', ');

  const parts = [
    `WITH changes AS (${changes.sql}),`,
    `events AS (SELECT *, 1 AS ${q(META.step)} FROM changes UNION ALL ${oldKeyDeletes}),`,
    `latest AS (SELECT * FROM events QUALIFY row_number() OVER (PARTITION BY ${list(keys)} ORDER BY ${newestFirst}) = 1)`,
  ];
  const newest = `SELECT ${list(outputs)} FROM latest WHERE ${q(META.op)} <> 'D'`;
  const base =
    input.base === undefined || input.base.files.length === 0
      ? undefined
      : baseSql(input.base, dataColumns, changes.partitionKeys);
  const sql =
    base === undefined
      ? `${parts.join(' ')} ${newest}`
      : `${parts.join(' ')}, base AS (${base}) SELECT ${list(outputs)} FROM base ANTI JOIN latest USING (${list(keys)}) UNION ALL ${newest}`;
  return { sql, partitionKeys: changes.partitionKeys };
}

/** Why a column's name cannot be a change table's, or `undefined` when it can. */
function reservedBy(column: PlannedColumn, format: DmsChangeFormat): string | undefined {
  const source = column.source.toLowerCase();
  if (source === format.operationColumn.toLowerCase()) return "is also the name of DMS's operation column";
  if (source === format.commitTimeColumn.toLowerCase()) return "is also the name of DMS's commit-time column";
  if (source.startsWith(format.beforeImagePrefix.toLowerCase())) {
    return `starts with ${format.beforeImagePrefix}, DMS's prefix of the key before an update`;
  }
  return [column.source, column.output].some((name) => name.toLowerCase().startsWith(META_PREFIX))
    ? `starts with ${META_PREFIX}, which the change apply reserves`
    : undefined;
}

/** The plan's primary key columns, which a change table cannot do without. */
function primaryKeyColumns(plan: TablePlan, tableName: string): PlannedColumn[] {
  const key = plan.primaryKey ?? [];
  if (key.length === 0) {
    throw new TablePlanError(
      tableName,
      '(primary key)',
      'change data capture needs the primary key, curated so it still identifies rows (not dropped, redacted or truncated)',
    );
  }
  return key.map((output) => {
    const column = plan.columns.find((candidate) => candidate.output === output);
    if (column === undefined) {
      throw new TablePlanError(
        tableName,
        output,
        'is in the primary key but not a curated column of the plan',
      );
    }
    return column;
  });
}

/**
 * The change files as one relation: the table's columns (NULL where no file has one yet), the
 * operation (`I` when a full-load file has none), the phase, commit time in microseconds, file
 * and row order, and the key before an update (NULL without the before-image rule).
 */
function landedChanges(
  input: ApplyChangesInput,
  keyColumns: readonly PlannedColumn[],
  format: DmsChangeFormat,
): string {
  const landed = new Map(input.changes.columns.map((found) => [found.name.toLowerCase(), found]));
  const column = (name: string): string | undefined => {
    const found = landed.get(name.toLowerCase());
    return found === undefined ? undefined : q(found.name);
  };
  const asText = [
    ...new Map(input.plan.columns.map((planned) => [planned.source, planned])).values(),
  ].flatMap((planned) => {
    const found = landed.get(planned.source.toLowerCase());
    const text = found === undefined ? undefined : replicaText(planned, found);
    return text === undefined ? [] : [`${text} AS ${q(found?.name ?? planned.source)}`];
  });
  const missing = [...new Set(input.plan.columns.map((planned) => planned.source))]
    .filter((source) => column(source) === undefined)
    .map((source) => `CAST(NULL AS VARCHAR) AS ${q(source)}`);
  const op = column(format.operationColumn);
  const commit = column(format.commitTimeColumn);
  const opSql =
    op === undefined
      ? `'I'`
      : `CASE WHEN ${op} IS NULL THEN 'I' WHEN upper(${op}) IN ('I', 'U', 'D') THEN upper(${op}) ELSE error('change row operation is not I, U or D') END`;
  const befores = keyColumns.map((key, index) => {
    const before = column(`${format.beforeImagePrefix}${key.source}`);
    return `${before ?? 'NULL'} AS ${q(beforeName(index))}`;
  });
  const files = input.changes.files
    .map((file, index) => `(${quoteLiteral(file.path)}, ${index}, ${file.kind === 'full-load' ? 0 : 1})`)
    .join(', ');
  const paths = input.changes.files.map((file) => quoteLiteral(file.path)).join(', ');
  const select = [
    asText.length === 0 ? '*' : `* REPLACE (${asText.join(', ')})`,
    ...missing,
    `${opSql} AS ${q(META.op)}`,
    `CASE WHEN ${q(META.phase)} = 1 THEN ${commit === undefined ? 'NULL' : `epoch_us(CAST(${commit} AS TIMESTAMP))`} END AS ${q(META.commitMicros)}`,
    `file_row_number AS ${q(META.row)}`,
    ...befores,
  ];
  return `(SELECT ${select.join(', ')} FROM read_parquet([${paths}], union_by_name = true, filename = ${quoteLiteral(META.path)}, file_row_number = true, hive_partitioning = false) JOIN (VALUES ${files}) AS change_files(${q(META.path)}, ${q(META.file)}, ${q(META.phase)}) USING (${q(META.path)}))`;
}

/** The base run's rows in the output's columns: its own values cast to the plan's types, NULL for a column it lacks. */
function baseSql(
  base: NonNullable<ApplyChangesInput['base']>,
  dataColumns: readonly PlannedColumn[],
  partitionKeys: readonly string[],
): string {
  const present = new Map(base.columns.map(({ name }) => [name.toLowerCase(), name]));
  const columns = dataColumns.map((column) => {
    const found = present.get(column.output.toLowerCase());
    return `CAST(${found === undefined ? 'NULL' : q(found)} AS ${column.duckdbType}) AS ${q(column.output)}`;
  });
  const rows = base.files
    .map((file) =>
      [file.path, ...partitionKeys.map((key) => file.partitionValues[key])]
        .map((value) => (value === undefined ? 'CAST(NULL AS VARCHAR)' : quoteLiteral(value)))
        .join(', '),
    )
    .map((row) => `(${row})`)
    .join(', ');
  const paths = base.files.map((file) => quoteLiteral(file.path)).join(', ');
  return `SELECT ${[...columns, ...partitionKeys.map(q)].join(', ')} FROM read_parquet([${paths}], union_by_name = true, filename = ${quoteLiteral(META.path)}, hive_partitioning = false) JOIN (VALUES ${rows}) AS base_files(${list([META.path, ...partitionKeys])}) USING (${q(META.path)})`;
}

/** PostgreSQL types whose replica landing carries the UTC offset (`+00`). */
const WITH_TIME_ZONE = new Set(['timestamptz', 'timestamp with time zone', 'timetz', 'time with time zone']);

/**
 * A DMS date or time value as the replica landing has it, for the replica conversions that check
 * the text (`YYYY-MM-DD`, `YYYY-MM-DD HH:MM:SS[.ffffff]`, PostgreSQL's with `+00`). DMS writes
 * DATE32, TIME32 and TIMESTAMP ("Target data types for S3 Parquet", UTC); other types land as
 * the replica's do (numbers, decimals, strings, BLOB bytes) and are read as they are.
 */
function replicaText(planned: PlannedColumn, landed: WrittenColumn): string | undefined {
  const type = landed.duckdbType.toUpperCase();
  if (!(type === 'DATE' || type.startsWith('TIME'))) return undefined;
  const value = q(landed.name);
  const zoned = WITH_TIME_ZONE.has(planned.sourceType.dataType.toLowerCase());
  if (type === 'DATE') return `strftime(${value}, '%Y-%m-%d')`;
  if (type.startsWith('TIMESTAMP')) {
    const utc =
      type === 'TIMESTAMP WITH TIME ZONE' ? `timezone('UTC', ${value})` : `CAST(${value} AS TIMESTAMP)`;
    const text = `strftime(${utc}, '%Y-%m-%d %H:%M:%S.%f')`;
    return zoned ? `${text} || '+00'` : text;
  }
  const time = `strftime(DATE '2000-01-01' + CAST(${value} AS TIME), '%H:%M:%S.%f')`;
  return zoned ? `${time} || '+00'` : time;
}
