import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { listAll, type ObjectStore } from '../adapters/objectStore';
import { TransformError } from '../core/errors';
import {
  manifestKey,
  type PartResult,
  partFileName,
  runPartitionPrefix,
  type TablePlan,
  type WrittenColumn,
  type WrittenFile,
} from '../core/pipeline';
import { buildTransformSql, quoteIdentifier, quoteLiteral, type TransformInputPath } from '../core/transform';
import { duckdbTypeToAthena } from '../core/types';
import {
  type CopyOutputFile,
  copyToParquet,
  countParquetRows,
  describeParquet,
  listCopyOutput,
  queryRows,
  setMaskSalt,
  withConnection,
} from '../duckdb';

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

/** Uploads in flight at once. */
const UPLOAD_CONCURRENCY = 8;

/**
 * Curates one input part: downloads it, runs the plan's SELECT through DuckDB's COPY to ZSTD
 * Parquet (partitioned as planned), uploads each file to
 * `runPartitionPrefix(…) + partFileName(part.index, n)`, removes files an earlier attempt of the
 * same part left beside them, and writes the part's {@link PartResult} manifest at `manifestKey`
 * LAST. The commit step trusts only manifests, so an attempt killed mid-way leaves no manifest,
 * and a re-run overwrites the same keys. The temp directory is removed whatever happens.
 *
 * @throws TransformError naming the part when DuckDB fails on the data (a value that does not
 * cast) or writes a column type Athena cannot read, or when a hash mask has no salt
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
  try {
    const input = join(work, 'input.parquet');
    await deps.objectStore.downloadToFile(part.bucket, part.key, input);
    const { sql, partitionKeys } = buildTransformSql(plan, {
      relation: `read_parquet(${quoteLiteral(input)}, hive_partitioning = false)`,
      path: task.path ?? 'export',
    });

    const output = join(work, 'out');
    const written = await withConnection(deps.duckdb, async (connection) => {
      if (deps.salt !== '') await setMaskSalt(connection, deps.salt);
      let rows: number;
      try {
        rows = await copyToParquet(connection, {
          select: sql,
          directory: output,
          partitionBy: partitionKeys,
        });
      } catch (error) {
        throw fail(error instanceof Error ? error.message : String(error), error);
      }
      const outputs = await listCopyOutput(output, partitionKeys);
      const staged = await Promise.all(
        outputs.map((file) => describeFile(connection, task, partitionKeys, file)),
      );
      const schema = await writtenSchema(connection, outputs[0]?.path, sql, partitionKeys);
      return { rows, staged, schema, files: staged.map(({ file }) => file) };
    });

    for (const column of written.schema) {
      try {
        duckdbTypeToAthena(column.duckdbType);
      } catch (error) {
        throw fail(
          `column "${column.name}" was written as ${column.duckdbType}, which Athena cannot read`,
          error,
        );
      }
    }
    const fileRows = written.files.reduce((sum, file) => sum + file.rows, 0);
    if (fileRows !== written.rows) {
      throw fail(`COPY reported ${written.rows} rows but the files hold ${fileRows}`);
    }

    await uploadAll(deps.objectStore, task.curatedBucket, written.staged);
    await removeStaleFiles(deps.objectStore, task, written.files);

    const result: PartResult = {
      source: plan.source,
      table: plan.table,
      runId: plan.runId,
      partIndex: part.index,
      rows: written.rows,
      files: written.files,
      schema: written.schema,
    };
    await deps.objectStore.putJson(
      task.curatedBucket,
      manifestKey(plan.source, plan.table, plan.runId, part.index),
      result,
    );
    return result;
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

/** A curated file on local disk and what the manifest will say about it. */
interface StagedFile {
  readonly path: string;
  readonly file: WrittenFile;
}

async function describeFile(
  connection: DuckDBConnection,
  task: TransformTask,
  partitionKeys: readonly string[],
  output: CopyOutputFile,
): Promise<StagedFile> {
  const { plan, part } = task;
  const prefix = runPartitionPrefix(
    plan.source,
    plan.table,
    partitionKeys,
    output.partitionValues,
    plan.runId,
  );
  const file: WrittenFile = {
    key: prefix + partFileName(part.index, output.fileIndex),
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

async function uploadAll(store: ObjectStore, bucket: string, staged: readonly StagedFile[]): Promise<void> {
  for (let start = 0; start < staged.length; start += UPLOAD_CONCURRENCY) {
    await Promise.all(
      staged
        .slice(start, start + UPLOAD_CONCURRENCY)
        .map(({ path, file }) => store.uploadFile(bucket, file.key, path)),
    );
  }
}

/**
 * Deletes this part's files that an earlier attempt wrote in the same partitions but this one
 * did not (it wrote more files per partition), so the run prefix holds exactly one attempt's
 * output. The partitions themselves depend only on the part's data, so they are the same.
 */
async function removeStaleFiles(
  store: ObjectStore,
  task: TransformTask,
  files: readonly WrittenFile[],
): Promise<void> {
  const firstName = partFileName(task.part.index, 0);
  const partStem = firstName.slice(0, firstName.lastIndexOf('-') + 1);
  const written = new Set(files.map((file) => file.key));
  const prefixes = new Set(files.map((file) => file.key.slice(0, file.key.lastIndexOf('/') + 1) + partStem));
  for (const prefix of prefixes) {
    const stale = (await listAll(store, task.curatedBucket, prefix))
      .map(({ key }) => key)
      .filter((key) => !written.has(key));
    if (stale.length > 0) await store.delete(task.curatedBucket, stale);
  }
}
