import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DuckDBInstance } from '@duckdb/node-api';
import { listAll, type ObjectStore } from '../adapters/objectStore';
import {
  applyChangesSql,
  type BaseFile,
  type ChangePosition,
  changePositionKey,
  changesAfter,
  type DmsChangeFormat,
  type LandedChangeFile,
  parseChangePosition,
} from '../core/cdc';
import { parseManifest } from '../core/commit';
import { TransformError } from '../core/errors';
import { mapConcurrently } from '../core/extract';
import { manifestPrefix, type PartResult, type TablePlan, type WrittenColumn } from '../core/pipeline';
import { quoteLiteral } from '../core/transform';
import { queryRows, withConnection } from '../duckdb';
import { writeCuratedPart } from './writeCuratedPart';

/** One apply of a change-data-capture table: its DMS folder, its base run and the new run's plan. */
export interface ApplyChangesTask {
  /**
   * The new run's plan (its `runId` names the run), with the table's primary key; `expectedRows`
   * is ignored: the apply counts the version it writes.
   */
  readonly plan: TablePlan;
  /** Where DMS writes the table's files: the raw bucket and `[BucketFolder/]schema/table/`. */
  readonly changes: { readonly bucket: string; readonly prefix: string };
  readonly curatedBucket: string;
  /**
   * The run readers see now (the `<table>` view's run): the base the changes apply on, and whose
   * recorded position the batch starts after.
   *
   * @default - none committed yet: the table starts empty, from the first change file
   */
  readonly baseRunId?: string;
  /**
   * Change files one apply takes at most; the rest waits for the next apply.
   *
   * @default 1000
   */
  readonly maxFiles?: number;
  /** @default DMS_CHANGE_FORMAT */
  readonly format?: DmsChangeFormat;
}

/** What {@link applyChanges} works with, built once per container by the caller. */
export interface ApplyChangesDeps {
  readonly objectStore: ObjectStore;
  readonly duckdb: DuckDBInstance;
  /** Salt of the `hash` mask; required (non-empty) when the plan hashes a column. */
  readonly salt: string;
  /** Where files are staged. @default - the OS temp directory */
  readonly tempRoot?: string;
}

/** What an apply did: nothing new to apply, or a run written and ready to commit. */
export type AppliedChanges =
  | { readonly applied: false; readonly position?: string }
  | {
      readonly applied: true;
      /** The run's plan with `expectedRows` the version's row count: what `commitTable` commits (one part). */
      readonly plan: TablePlan;
      readonly part: PartResult;
      readonly position: ChangePosition;
    };

/** Files downloaded at once. */
const DOWNLOADS_IN_FLIGHT = 8;

/**
 * Writes a change-data-capture table's next version as a run, ready for `commitTable` (one part,
 * index 0): the base run readers see with the DMS change files after its position applied
 * (`applyChangesSql`: newest version per primary key, deletes gone, same types and masks as the
 * other paths). Each apply writes the whole table, so readers switch to it in the commit's one
 * view update, as with any run, and never see half a batch; the next apply starts from it.
 *
 * The position the run applied through is written beside its manifests before the part's
 * manifest, so a committable run always has one, and it counts only once the view shows the run:
 * an apply that dies before the commit leaves readers and the position where they were, and the
 * next apply reads the same files again onto the same base (no duplicate, nothing lost).
 *
 * @throws TransformError naming the batch when DuckDB fails on the data
 * @throws TablePlanError, TypeMappingError for a plan the SQL cannot be built from
 * @example
 * ```ts
 * const applied = await applyChanges(
 *   { plan, changes: { bucket: 'raw', prefix: 'dms/shop/items/' }, curatedBucket: 'curated', baseRunId: '20261207T100000Z' },
 *   { objectStore, duckdb, salt },
 * );
 * if (applied.applied) await commitTable({ plan: applied.plan, database, curatedBucket: 'curated', expectedParts: 1 }, commitDeps);
 * ```
 */
export async function applyChanges(task: ApplyChangesTask, deps: ApplyChangesDeps): Promise<AppliedChanges> {
  const { plan, curatedBucket, baseRunId } = task;
  const { objectStore } = deps;
  const fail = (message: string, cause?: unknown) =>
    new TransformError(
      message,
      {
        source: plan.source,
        table: plan.table,
        runId: plan.runId,
        part: `s3://${task.changes.bucket}/${task.changes.prefix}`,
      },
      { cause },
    );
  if (plan.columns.some((column) => column.mask?.kind === 'hash') && deps.salt === '') {
    throw fail('the plan hashes a column but the mask salt is empty');
  }

  const basePosition =
    baseRunId === undefined
      ? undefined
      : (() => {
          const key = changePositionKey(plan.source, plan.table, baseRunId);
          return objectStore.getJson(curatedBucket, key).then((value) => parseChangePosition(value, key));
        })();
  const after = (await basePosition)?.through;
  const listed = await listAll(objectStore, task.changes.bucket, task.changes.prefix);
  const batch = changesAfter(
    listed.map((object) => object.key),
    after,
    task.maxFiles ?? 1000,
  );
  if (batch.through === undefined)
    return after === undefined ? { applied: false } : { applied: false, position: after };

  const work = await mkdtemp(join(deps.tempRoot ?? tmpdir(), 'apply-'));
  try {
    await mkdir(join(work, 'changes'));
    await mkdir(join(work, 'base'));
    const changeFiles: LandedChangeFile[] = await mapConcurrently(
      [...batch.files.entries()],
      DOWNLOADS_IN_FLIGHT,
      async ([index, file]) => {
        const path = join(work, 'changes', `${String(index).padStart(6, '0')}.parquet`);
        await objectStore.downloadToFile(task.changes.bucket, file.key, path);
        return { path, kind: file.kind };
      },
    );
    const baseFiles: BaseFile[] =
      baseRunId === undefined ? [] : await downloadRun(objectStore, curatedBucket, plan, baseRunId, work);
    const base =
      baseFiles.length === 0
        ? undefined
        : {
            files: baseFiles,
            columns: await columnsOf(
              deps.duckdb,
              baseFiles.map((file) => file.path),
            ),
          };
    const { sql, partitionKeys } = applyChangesSql({
      plan,
      changes: {
        files: changeFiles,
        columns: await columnsOf(
          deps.duckdb,
          changeFiles.map((file) => file.path),
        ),
      },
      ...(base === undefined ? {} : { base }),
      ...(task.format === undefined ? {} : { format: task.format }),
    });

    const position: ChangePosition = {
      through: batch.through,
      files: batch.files.length,
      ...(baseRunId === undefined ? {} : { baseRunId }),
    };
    // Before the manifest: a run the commit can see always has its position.
    await objectStore.putJson(
      curatedBucket,
      changePositionKey(plan.source, plan.table, plan.runId),
      position,
    );
    await mkdir(join(work, 'out-work'));
    const part = await writeCuratedPart(
      { plan, partIndex: 0, curatedBucket, sql, partitionKeys, workDirectory: join(work, 'out-work') },
      { objectStore, duckdb: deps.duckdb, salt: deps.salt, fail },
    );
    return { applied: true, plan: { ...plan, expectedRows: part.rows }, part, position };
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

/** The base run's files, downloaded, with the partitions its manifests list. */
async function downloadRun(
  objectStore: ObjectStore,
  bucket: string,
  plan: TablePlan,
  runId: string,
  work: string,
): Promise<BaseFile[]> {
  const manifestKeys = (await listAll(objectStore, bucket, manifestPrefix(plan.source, plan.table, runId)))
    .map((object) => object.key)
    .filter((key) => key.endsWith('.json'));
  const manifests = await mapConcurrently(manifestKeys, DOWNLOADS_IN_FLIGHT, async (key) =>
    parseManifest(await objectStore.getJson(bucket, key), key),
  );
  const files = manifests.flatMap((manifest) => manifest.files);
  return mapConcurrently([...files.entries()], DOWNLOADS_IN_FLIGHT, async ([index, file]) => {
    const path = join(work, 'base', `${String(index).padStart(6, '0')}.parquet`);
    await objectStore.downloadToFile(bucket, file.key, path);
    return { path, partitionValues: file.partitionValues };
  });
}

/** Every column in any of the Parquet files, with the type DuckDB reads. */
async function columnsOf(duckdb: DuckDBInstance, paths: readonly string[]): Promise<WrittenColumn[]> {
  const rows = await withConnection(duckdb, (connection) =>
    queryRows(
      connection,
      `DESCRIBE SELECT * FROM read_parquet([${paths.map(quoteLiteral).join(', ')}], union_by_name = true, hive_partitioning = false)`,
    ),
  );
  return rows.map((row) => ({ name: String(row.column_name), duckdbType: String(row.column_type) }));
}
