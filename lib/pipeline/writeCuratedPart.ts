import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { listAll, type ObjectStore } from '../adapters/objectStore';
import {
  manifestKey,
  type PartResult,
  partFileName,
  runPartitionPrefix,
  type TablePlan,
  type WrittenColumn,
  type WrittenFile,
} from '../core/pipeline';
import { quoteIdentifier } from '../core/transform';
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

/** One part's rows, ready in DuckDB, and where its curated files go. */
export interface CuratedPartInput {
  readonly plan: TablePlan;
  /** Index of the part (export part file or extract chunk), from 0: names the files and the manifest. */
  readonly partIndex: number;
  readonly curatedBucket: string;
  /** The curating SELECT (`buildTransformSql`) over the part's landed rows. */
  readonly sql: string;
  /** Its partition columns, outermost first. */
  readonly partitionKeys: readonly string[];
  /** A fresh local directory the curated files are staged in; the caller removes it. */
  readonly workDirectory: string;
}

/** What {@link writeCuratedPart} works with. */
export interface CuratedPartDeps {
  readonly objectStore: ObjectStore;
  readonly duckdb: DuckDBInstance;
  /** Salt of the `hash` mask; empty only when the plan hashes nothing (the caller checks). */
  readonly salt: string;
  /**
   * Turns a failure on the data into the caller's typed error (TransformError, ExtractError).
   *
   * @param message what went wrong
   * @param cause the underlying error, e.g. DuckDB's
   */
  readonly fail: (message: string, cause?: unknown) => Error;
}

/** Uploads in flight at once. */
const UPLOAD_CONCURRENCY = 8;

/**
 * The tail every curating step shares once DuckDB can read the part's rows: COPY the SELECT to
 * ZSTD Parquet (partitioned as planned), check every written column is a type Athena reads and
 * the files hold the rows COPY reported, upload each file to
 * `runPartitionPrefix(…) + partFileName(partIndex, n)`, remove files an earlier attempt of the
 * same part left beside them, and write the part's {@link PartResult} manifest at `manifestKey`
 * LAST. The commit step trusts only manifests, so an attempt killed mid-way leaves no manifest,
 * and a re-run overwrites the same keys.
 *
 * @throws whatever `deps.fail` builds, when DuckDB fails on the data or writes a type Athena cannot read
 * @example
 * ```ts
 * const { sql, partitionKeys } = buildTransformSql(plan, { relation, path: 'replica' });
 * await writeCuratedPart({ plan, partIndex: 0, curatedBucket: 'curated', sql, partitionKeys, workDirectory }, { objectStore, duckdb, salt, fail });
 * ```
 */
export async function writeCuratedPart(input: CuratedPartInput, deps: CuratedPartDeps): Promise<PartResult> {
  const { plan, partIndex, sql, partitionKeys } = input;
  const output = join(input.workDirectory, 'out');
  const written = await withConnection(deps.duckdb, async (connection) => {
    if (deps.salt !== '') await setMaskSalt(connection, deps.salt);
    let rows: number;
    try {
      rows = await copyToParquet(connection, { select: sql, directory: output, partitionBy: partitionKeys });
    } catch (error) {
      throw deps.fail(error instanceof Error ? error.message : String(error), error);
    }
    const outputs = await listCopyOutput(output, partitionKeys);
    const staged = await Promise.all(
      outputs.map((file) => describeFile(connection, plan, partIndex, partitionKeys, file)),
    );
    const schema = await writtenSchema(connection, outputs[0]?.path, sql, partitionKeys);
    return { rows, staged, schema, files: staged.map(({ file }) => file) };
  });

  for (const column of written.schema) {
    try {
      duckdbTypeToAthena(column.duckdbType);
    } catch (error) {
      throw deps.fail(
        `column "${column.name}" was written as ${column.duckdbType}, which Athena cannot read`,
        error,
      );
    }
  }
  const fileRows = written.files.reduce((sum, file) => sum + file.rows, 0);
  if (fileRows !== written.rows) {
    throw deps.fail(`COPY reported ${written.rows} rows but the files hold ${fileRows}`);
  }

  await uploadAll(deps.objectStore, input.curatedBucket, written.staged);
  await removeStaleFiles(deps.objectStore, input.curatedBucket, partIndex, written.files);

  const result: PartResult = {
    source: plan.source,
    table: plan.table,
    runId: plan.runId,
    partIndex,
    rows: written.rows,
    files: written.files,
    schema: written.schema,
  };
  await deps.objectStore.putJson(
    input.curatedBucket,
    manifestKey(plan.source, plan.table, plan.runId, partIndex),
    result,
  );
  return result;
}

/** A curated file on local disk and what the manifest will say about it. */
interface StagedFile {
  readonly path: string;
  readonly file: WrittenFile;
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
  bucket: string,
  partIndex: number,
  files: readonly WrittenFile[],
): Promise<void> {
  const firstName = partFileName(partIndex, 0);
  const partStem = firstName.slice(0, firstName.lastIndexOf('-') + 1);
  const written = new Set(files.map((file) => file.key));
  const prefixes = new Set(files.map((file) => file.key.slice(0, file.key.lastIndexOf('/') + 1) + partStem));
  for (const prefix of prefixes) {
    const stale = (await listAll(store, bucket, prefix))
      .map(({ key }) => key)
      .filter((key) => !written.has(key));
    if (stale.length > 0) await store.delete(bucket, stale);
  }
}
