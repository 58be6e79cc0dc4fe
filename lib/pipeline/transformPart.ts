import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DuckDBInstance } from '@duckdb/node-api';
import type { ObjectStore } from '../adapters/objectStore';
import { ConversionFailure, TransformError } from '../core/errors';
import type { PartResult, TablePlan } from '../core/pipeline';
import { buildTransformSql, quoteLiteral, type TransformInputPath } from '../core/transform';
import { openInvalidValueRecorder } from '../duckdb';
import { failingRowKey, planKeyColumns } from './failingRowKey';
import { writeCuratedPart } from './writeCuratedPart';

/** One input part of a table's run: where it is and its place among the table's parts. */
export interface TransformTask {
  readonly plan: TablePlan;
  readonly part: {
    readonly bucket: string;
    readonly key: string;
    /** Index of the part among the table's parts, from 0: names the output files and the manifest. */
    readonly index: number;
  };
  readonly curatedBucket: string;
  /**
   * How the part's values landed: `export` (RDS snapshot export Parquet) or `replica`.
   *
   * @default 'export'
   */
  readonly path?: TransformInputPath;
}

/** What {@link transformPart} works with, built once per container by the caller. */
export interface TransformDeps {
  readonly objectStore: ObjectStore;
  readonly duckdb: DuckDBInstance;
  /** Salt of the `hash` mask; required (non-empty) when the plan hashes a column. */
  readonly salt: string;
  /**
   * Where the part and the curated files are staged.
   *
   * @default - the OS temp directory (`/tmp` in Lambda)
   */
  readonly tempRoot?: string;
}

/**
 * Curates one input part: downloads it, runs the plan's SELECT through DuckDB's COPY to ZSTD
 * Parquet (partitioned as planned), uploads each file to
 * `runPartitionPrefix(…) + partFileName(part.index, n)`, removes files an earlier attempt of the
 * same part left beside them, and writes the part's {@link PartResult} manifest at `manifestKey`
 * LAST. The commit step trusts only manifests, so an attempt killed mid-way leaves no manifest,
 * and a re-run overwrites the same keys. The temp directory is removed whatever happens.
 *
 * A MySQL date that is no calendar date lands NULL, counted in the manifest's `invalidValuesNulled`,
 * or, under the plan's `invalidDates: fail`, fails the part naming the column and the value.
 *
 * @throws TransformError naming the part when DuckDB fails on the data (a value that does not
 * cast, named by `schema.table.column`, its source and curated types and its row's key; an invalid
 * date under `invalidDates: fail`) or writes a column type Athena cannot read, or when a hash mask has no salt
 * @throws TablePlanError, TypeMappingError for a plan the SQL cannot be built from
 * @example
 * ```ts
 * const result = await transformPart(
 *   { plan, part: { bucket: 'raw', key: 'export/db/db.items/1/part-00000.parquet', index: 0 }, curatedBucket: 'curated' },
 *   { objectStore, duckdb, salt },
 * );
 * ```
 */
export async function transformPart(task: TransformTask, deps: TransformDeps): Promise<PartResult> {
  const { plan, part } = task;
  const fail = (message: string, cause?: unknown) =>
    new TransformError(
      message,
      { source: plan.source, table: plan.table, runId: plan.runId, part: `s3://${part.bucket}/${part.key}` },
      { cause },
    );
  if (plan.columns.some((column) => column.mask?.kind === 'hash') && deps.salt === '') {
    throw fail('the plan hashes a column but the mask salt is empty');
  }

  const work = await mkdtemp(join(deps.tempRoot ?? tmpdir(), 'transform-'));
  const invalidValues = openInvalidValueRecorder(plan.invalidDates ?? 'null');
  try {
    const input = join(work, 'input.parquet');
    await deps.objectStore.downloadToFile(part.bucket, part.key, input);
    const relation = `read_parquet(${quoteLiteral(input)}, hive_partitioning = false)`;
    const path = task.path ?? 'export';
    const { sql, partitionKeys } = buildTransformSql(plan, {
      relation,
      path,
      invalidValues: invalidValues.id,
    });

    const writing = writeCuratedPart(
      {
        plan,
        partIndex: part.index,
        curatedBucket: task.curatedBucket,
        sql,
        partitionKeys,
        workDirectory: work,
        invalidValues,
      },
      { objectStore: deps.objectStore, duckdb: deps.duckdb, salt: deps.salt, fail },
    );
    try {
      return await writing;
    } catch (error) {
      // A value that does not convert: find its row's key in the part, still on disk.
      if (!(error instanceof TransformError && error.cause instanceof ConversionFailure)) throw error;
      const keyColumns = planKeyColumns(plan);
      const row = await failingRowKey(
        deps.duckdb,
        plan,
        keyColumns.length > 0
          ? { relation, path, keyColumns, naming: 'key' }
          : {
              relation: `read_parquet(${quoteLiteral(input)}, hive_partitioning = false, file_row_number = true)`,
              path,
              keyColumns: ['file_row_number'],
              naming: 'row number',
            },
        error.cause.columnIndex,
      );
      const failure = error.cause.atRow(row);
      throw fail(failure.message, failure);
    }
  } finally {
    invalidValues.close();
    await rm(work, { recursive: true, force: true });
  }
}
