import { TablePlanError } from '../errors';
import type { PlannedPartitionKey, TablePlan } from '../pipeline';
import { curatedColumnSql, type TransformInputPath } from './curatedColumnSql';
import { partitionKeyAccepts, partitionKeySql } from './partitionKeySql';
import { quoteIdentifier } from './quoteIdentifier';
import { sameDuckdbType } from './sameDuckdbType';
import type { TypedSql } from './TypedSql';

/** The relation a transform reads and how its values landed. */
export interface TransformInput {
  /**
   * A DuckDB relation, inlined as is: build it with `quoteLiteral` for any path in it.
   *
   * @example "read_parquet('/tmp/part-00000.parquet')"
   */
  readonly relation: string;
  /** `export` for RDS snapshot export Parquet, `replica` for the replica extract's landing. */
  readonly path: TransformInputPath;
  /**
   * The id of the part's invalid-value recorder (`openInvalidValueRecorder`): the SELECT reports
   * each invalid MySQL date to it, by the column's index in the plan, instead of failing.
   *
   * @default - no recorder: an invalid date fails the conversion
   */
  readonly invalidValues?: number;
  /**
   * The relation is the replica reader's landing (`landedRelation`), whose columns
   * `readerHashesColumn` holds are their `hash` mask's output already: taken as they are.
   *
   * @default false - every mask applied here (an export's Parquet, DMS change files)
   */
  readonly readerHashed?: boolean;
}

/** The transform's SELECT and the partition columns it adds, outermost first. */
export interface TransformSql {
  /**
   * One SELECT: the curated data columns in plan order (a column partitioned by its own value is
   * the partition column instead, as Hive tables keep partition keys out of the files), then
   * one VARCHAR column per partition key named after the key.
   */
  readonly sql: string;
  /** Partition key names for `PARTITION_BY`, outermost first; empty when unpartitioned. */
  readonly partitionKeys: readonly string[];
}

/** Inner alias of the n-th curated column: positional, so renames that swap names cannot clash. */
const alias = (index: number): string => `"c${index}"`;

/**
 * The DuckDB SELECT that curates one table's landed rows, built from its {@link TablePlan}:
 * per column the type mapping's conversion, the config's cast, the mask, then the output name;
 * plus the partition key expressions. Every identifier is quoted with `quoteIdentifier` and
 * every text with `quoteLiteral`, so names and tokens cannot inject SQL; the hash key is not in
 * the text (see `MASK_KEY_VARIABLES`).
 *
 * @throws TablePlanError when the plan contradicts itself: a column's `duckdbType` differs from
 * what the mapping, cast and mask produce; two curated columns share a name; a partition key
 * reads a column the plan does not output, or a time granularity reads a non-date column
 * @throws TypeMappingError for a source type or cast the mapping does not know
 * @example
 * ```ts
 * const { sql, partitionKeys } = buildTransformSql(plan, {
 *   relation: `read_parquet(${quoteLiteral('/tmp/in.parquet')})`,
 *   path: 'export',
 * });
 * await connection.run(`COPY (${sql}) TO '/tmp/out' (FORMAT parquet, PARTITION_BY (${partitionKeys.map(quoteIdentifier).join(', ')}))`);
 * ```
 */
export function buildTransformSql(plan: TablePlan, input: TransformInput): TransformSql {
  const tableName = `${plan.schema}.${plan.table}`;
  const columns = plan.columns.map((column, index) => {
    const value = curatedColumnSql(
      column,
      input.path,
      input.invalidValues === undefined ? undefined : { recorder: input.invalidValues, column: index },
      input.readerHashed,
    );
    if (!sameDuckdbType(value.duckdbType, column.duckdbType)) {
      throw new TablePlanError(
        tableName,
        column.output,
        `the plan says duckdbType ${column.duckdbType}, but the mapping of ${column.sourceType.columnType ?? column.sourceType.dataType}, cast ${column.cast ?? '(none)'} and mask ${column.mask?.kind ?? '(none)'} give ${value.duckdbType}`,
      );
    }
    return {
      output: column.output,
      inner: value,
      outer: { sql: alias(index), duckdbType: value.duckdbType },
    };
  });

  const byOutput = new Map<string, TypedSql>();
  for (const column of columns) {
    if (byOutput.has(column.output)) {
      throw new TablePlanError(tableName, column.output, 'is the output name of two curated columns');
    }
    byOutput.set(column.output, column.outer);
  }
  const keyNames = plan.partitionKeys.map(({ name }) => name);
  if (new Set(keyNames).size !== keyNames.length) {
    throw new TablePlanError(tableName, keyNames.join(', '), 'has a partition key name twice');
  }

  const keys = plan.partitionKeys.map((key) => ({ key, sql: partitionSql(tableName, key, byOutput) }));
  const data = columns.filter(({ output }) => !isOwnValueKey(tableName, output, plan.partitionKeys));
  const inner = columns.map(({ inner: value }, index) => `${value.sql} AS ${alias(index)}`);
  const outer = [
    ...data.map(({ outer: value, output }) => `${value.sql} AS ${quoteIdentifier(output)}`),
    ...keys.map(({ key, sql }) => `${sql} AS ${quoteIdentifier(key.name)}`),
  ];
  return {
    sql: `SELECT ${outer.join(', ')} FROM (SELECT ${inner.join(', ')} FROM ${input.relation}) AS curated`,
    partitionKeys: keys.map(({ key }) => key.name),
  };
}

/**
 * Whether `output` is the column of a `value` partition key of the same name (then it lands in
 * the path, not the files); any other key named like a data column would shadow it.
 */
function isOwnValueKey(tableName: string, output: string, keys: readonly PlannedPartitionKey[]): boolean {
  const key = keys.find(({ name }) => name === output);
  if (key === undefined) return false;
  if (key.granularity === 'value' && key.column === output) return true;
  throw new TablePlanError(
    tableName,
    output,
    `is also the name of partition key "${key.name}" on "${key.column}"`,
  );
}

function partitionSql(
  tableName: string,
  key: PlannedPartitionKey,
  byOutput: ReadonlyMap<string, TypedSql>,
): string {
  const value = byOutput.get(key.column);
  if (value === undefined) {
    throw new TablePlanError(
      tableName,
      key.column,
      `is read by partition key "${key.name}" but is not a curated column of the plan`,
    );
  }
  if (!partitionKeyAccepts(key.granularity, value.duckdbType)) {
    throw new TablePlanError(
      tableName,
      key.column,
      `is ${value.duckdbType}; partition granularity ${key.granularity} needs a DATE or TIMESTAMP column`,
    );
  }
  return partitionKeySql(value, key.granularity);
}
