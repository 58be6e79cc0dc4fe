import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { ConversionFailure, InvalidDateError } from '../core/errors';
import {
  partFileName,
  runPartitionPrefix,
  type TablePlan,
  type WrittenColumn,
  type WrittenFile,
} from '../core/pipeline';
import { csvReadError, failedColumn, quoteIdentifier, redactDuckdbError } from '../core/transform';
import { duckdbTypeToAthena } from '../core/types';
import {
  type CopyOutputFile,
  copyToParquet,
  countParquetRows,
  describeParquet,
  type InvalidValueFailure,
  listCopyOutput,
  queryRows,
  registerInvalidValueFunction,
  setMaskKey,
  withConnection,
} from '../duckdb';
import type { CuratedPartDeps, CuratedPartInput } from './writeCuratedPart';

/** A curated file on local disk and what the manifest will say about it. */
export interface StagedFile {
  /** Where the file is on local disk. */
  readonly path: string;
  readonly file: WrittenFile;
}

/** A part's curated files, written and checked on local disk, not yet uploaded. */
export interface StagedCuratedPart {
  /** Rows the COPY wrote (equal to the files' footers). */
  readonly rows: number;
  /** Invalid values the SELECT landed as NULL, by output column; only columns that had some. */
  readonly invalidValuesNulled: Readonly<Record<string, number>>;
  readonly files: readonly StagedFile[];
  /** The written columns, as the commit step registers them. */
  readonly schema: readonly WrittenColumn[];
}

/**
 * The local half of {@link writeCuratedPart}: COPY the part's SELECT to ZSTD Parquet (partitioned
 * as planned) under `workDirectory`, then check every written column is a type Athena reads and
 * the files hold the rows COPY reported. Nothing leaves the machine, so a caller that learns the
 * part's input was incomplete (a replica stream that failed while DuckDB read it) can drop the
 * result and publish nothing.
 *
 * @throws whatever `deps.fail` builds, when DuckDB fails on the data (with its message passed
 * through {@link redactDuckdbError}, so no value of a masked or left-out column is reported) or
 * writes a type Athena cannot read
 * @example
 * ```ts
 * const staged = await stageCuratedPart({ plan, partIndex: 0, curatedBucket: 'curated', sql, partitionKeys, workDirectory }, { objectStore, duckdb, salt, fail });
 * ```
 */
export async function stageCuratedPart(
  input: CuratedPartInput,
  deps: Pick<CuratedPartDeps, 'duckdb' | 'salt' | 'fail'>,
): Promise<StagedCuratedPart> {
  const { plan, partIndex, sql, partitionKeys } = input;
  const output = join(input.workDirectory, 'out');
  const recorder = input.invalidValues;
  const staged = await withConnection(deps.duckdb, async (connection) => {
    if (deps.salt !== '') await setMaskKey(connection, deps.salt);
    if (recorder !== undefined) registerInvalidValueFunction(connection);
    let rows: number;
    try {
      rows = await copyToParquet(connection, { select: sql, directory: output, partitionBy: partitionKeys });
    } catch (error) {
      const invalid = recorder?.failure;
      if (invalid !== undefined) {
        const failure = invalidDateError(plan, invalid);
        throw deps.fail(failure.message, failure);
      }
      // DuckDB's text may quote source values: only its redaction is reported, never the error itself;
      // the CSV reader's refusal travels as a value-free cause, so the extract can read the chunk again serially.
      // A value that does not convert is named by its column, source and curated types (never
      // the transform's alias), as a value-free cause the caller adds the row's key to.
      const message = errorMessage(error);
      const redacted = redactDuckdbError(message, plan);
      const conversion = conversionFailure(plan, failedColumn(message, plan), redacted);
      if (conversion !== undefined) throw deps.fail(conversion.message, conversion);
      throw deps.fail(redacted, csvReadError(message));
    }
    const outputs = await listCopyOutput(output, partitionKeys);
    const files = await Promise.all(
      outputs.map((file) => describeFile(connection, plan, partIndex, partitionKeys, file)),
    );
    const schema = await writtenSchema(connection, outputs[0]?.path, sql, partitionKeys);
    return { rows, files, schema, invalidValuesNulled: nulledByColumn(plan, recorder?.counts) };
  });

  for (const column of staged.schema) {
    try {
      duckdbTypeToAthena(column.duckdbType);
    } catch (error) {
      throw deps.fail(
        `column "${column.name}" was written as ${column.duckdbType}, which Athena cannot read`,
        error,
      );
    }
  }
  const fileRows = staged.files.reduce((sum, { file }) => sum + file.rows, 0);
  if (fileRows !== staged.rows) {
    throw deps.fail(`COPY reported ${staged.rows} rows but the files hold ${fileRows}`);
  }
  return staged;
}

/** The recorder's counts by output column name. */
function nulledByColumn(
  plan: TablePlan,
  counts: ReadonlyMap<number, number> | undefined,
): Record<string, number> {
  return Object.fromEntries(
    [...(counts ?? [])].flatMap(([index, count]) => {
      const column = plan.columns[index];
      return column === undefined ? [] : [[column.output, count]];
    }),
  );
}

/** The conversion failure of the plan's column at `index`, or `undefined` when DuckDB named no column of the plan. */
function conversionFailure(
  plan: TablePlan,
  index: number | undefined,
  detail: string,
): ConversionFailure | undefined {
  const column = index === undefined ? undefined : plan.columns[index];
  if (index === undefined || column === undefined) return undefined;
  return new ConversionFailure({
    columnIndex: index,
    column: `${plan.schema}.${plan.table}.${column.source}`,
    sourceType: column.sourceType.columnType ?? column.sourceType.dataType,
    athenaType: column.athenaType,
    detail: detail.replaceAll(/\s*\n\s*/g, ' '),
  });
}

/** The invalid date that failed the query, named `schema.table.column`; a masked column's value withheld. */
function invalidDateError(plan: TablePlan, failure: InvalidValueFailure): InvalidDateError {
  const column = plan.columns[failure.column];
  return new InvalidDateError({
    column: `${plan.schema}.${plan.table}.${column?.source ?? `#${failure.column}`}`,
    sourceType: column?.sourceType.columnType ?? column?.sourceType.dataType ?? 'unknown',
    value: column === undefined || column.mask !== undefined ? undefined : failure.value,
  });
}

/**
 * An error's message. Not `instanceof Error`: DuckDB's native errors come from another realm in a
 * VM context (as under jest), and `String(error)` would prefix `Error: ` to DuckDB's error class.
 */
function errorMessage(error: unknown): string {
  const message: unknown =
    typeof error === 'object' && error !== null ? Reflect.get(error, 'message') : undefined;
  return typeof message === 'string' ? message : String(error);
}

async function describeFile(
  connection: DuckDBConnection,
  plan: TablePlan,
  partIndex: number,
  partitionKeys: readonly string[],
  output: CopyOutputFile,
): Promise<StagedFile> {
  const prefix = runPartitionPrefix(
    plan.source,
    plan.table,
    partitionKeys,
    output.partitionValues,
    plan.runId,
  );
  const file: WrittenFile = {
    key: prefix + partFileName(partIndex, output.fileIndex),
    bytes: (await stat(output.path)).size,
    rows: await countParquetRows(connection, output.path),
    partitionValues: output.partitionValues,
  };
  return { path: output.path, file };
}

/** The written columns: from a written file, or from the SELECT when no file was written (an empty partitioned part). */
async function writtenSchema(
  connection: DuckDBConnection,
  file: string | undefined,
  sql: string,
  partitionKeys: readonly string[],
): Promise<WrittenColumn[]> {
  if (file !== undefined) return describeParquet(connection, file);
  const exclude =
    partitionKeys.length > 0 ? ` EXCLUDE (${partitionKeys.map(quoteIdentifier).join(', ')})` : '';
  const rows = await queryRows(connection, `DESCRIBE SELECT *${exclude} FROM (${sql})`);
  return rows.map((row) => ({ name: String(row.column_name), duckdbType: String(row.column_type) }));
}
