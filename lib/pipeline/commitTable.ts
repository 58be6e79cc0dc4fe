import type { Catalog } from '../adapters/catalog';
import { listAll, type ObjectStore } from '../adapters/objectStore';
import {
  type CatalogPartition,
  type CatalogTable,
  commitLayout,
  curatedTable,
  evolveSchema,
  latestDedupe,
  latestView,
  type PartitionChanges,
  PREVIOUS_RUN_ID_PARAMETER,
  parseManifest,
  partitionChanges,
  runIdOfKey,
  runPartitions,
  runsToDelete,
  type SchemaChanges,
  sameTable,
  tableLabel,
  verifyRowCount,
  writtenSchema,
} from '../core/commit';
import {
  manifestPrefix,
  type PartResult,
  type PlannedColumn,
  type PlannedPartitionKey,
  type TablePlan,
  tablePrefix,
} from '../core/pipeline';

/** The parts of a {@link TablePlan} the commit reads; a whole `TablePlan` is one. */
export interface CommitPlan
  extends Pick<
    TablePlan,
    'source' | 'table' | 'runId' | 'expectedRows' | 'mode' | 'primaryKey' | 'watermarkColumn'
  > {
  readonly partitionKeys: readonly Pick<PlannedPartitionKey, 'name'>[];
  /** Used only when the run has no parts, so no written schema to read. */
  readonly columns: readonly Pick<PlannedColumn, 'output' | 'duckdbType'>[];
}

/** What to commit: one table's run. */
export interface CommitTableInput {
  readonly plan: CommitPlan;
  /** The Glue database of the plan's source. */
  readonly database: string;
  /** The curated bucket holding the run's data and manifests. */
  readonly curatedBucket: string;
  /** Input parts of the run: each must have a manifest. */
  readonly expectedParts: number;
  /**
   * Runs whose data stays in S3 after the commit, counting this one (config
   * `storage.curatedRunsToKeep`); the previous committed run is always kept as well. Ignored for
   * an incremental table: its runs are deltas, and retention deletes none of them.
   *
   * @default 2
   */
  readonly runsToKeep?: number;
}

/** The adapters the commit works through. */
export interface CommitTableDeps {
  readonly objectStore: ObjectStore;
  readonly catalog: Catalog;
}

/** What a commit did, for logs and metrics. */
export interface CommitSummary {
  /** The table as `source.table`. */
  readonly table: string;
  readonly database: string;
  readonly runId: string;
  readonly rows: number;
  readonly files: number;
  readonly bytes: number;
  /** What happened to the table's definition; `unchanged` on a re-commit. */
  readonly tableAction: 'created' | 'updated' | 'unchanged';
  readonly partitions: { readonly created: number; readonly updated: number; readonly deleted: number };
  readonly schemaChanges: SchemaChanges;
  /** Runs whose data and manifests retention deleted, oldest first; none for an incremental table. */
  readonly deletedRuns: readonly string[];
  readonly deletedObjects: number;
  /** What the commit could not do as asked, e.g. dedupe `<table>_latest` without a primary key. */
  readonly warnings: readonly string[];
}

/** Manifests read at once: enough to hide S3 latency, few enough for a small Lambda. */
const MANIFEST_READS_IN_FLIGHT = 16;

async function readManifests(
  objectStore: ObjectStore,
  bucket: string,
  plan: CommitPlan,
): Promise<PartResult[]> {
  const keys = (await listAll(objectStore, bucket, manifestPrefix(plan.source, plan.table, plan.runId)))
    .map((object) => object.key)
    .filter((key) => key.endsWith('.json'));
  const manifests: PartResult[] = [];
  for (let start = 0; start < keys.length; start += MANIFEST_READS_IN_FLIGHT) {
    const batch = keys.slice(start, start + MANIFEST_READS_IN_FLIGHT);
    const read = await Promise.all(
      batch.map(async (key) => parseManifest(await objectStore.getJson(bucket, key), key)),
    );
    manifests.push(...read);
  }
  return manifests;
}

async function deleteOldRuns(
  objectStore: ObjectStore,
  bucket: string,
  plan: CommitPlan,
  keep: number,
  previousRunId: string | undefined,
): Promise<{ runs: string[]; objects: number }> {
  const manifestsRoot = manifestPrefix(plan.source, plan.table, plan.runId).replace(/run=[^/]+\/$/, '');
  const objects = [
    ...(await listAll(objectStore, bucket, tablePrefix(plan.source, plan.table))),
    ...(await listAll(objectStore, bucket, manifestsRoot)),
  ];
  const keyRuns = objects.flatMap((object) => {
    const runId = runIdOfKey(object.key);
    return runId === undefined ? [] : [{ key: object.key, runId }];
  });
  const runs = runsToDelete(
    keyRuns.map((entry) => entry.runId),
    plan.runId,
    keep,
    previousRunId,
  );
  const doomed = new Set(runs);
  const keys = keyRuns.filter((entry) => doomed.has(entry.runId)).map((entry) => entry.key);
  if (keys.length > 0) await objectStore.delete(bucket, keys);
  return { runs, objects: keys.length };
}

async function switchPartitions(
  catalog: Catalog,
  database: string,
  table: CatalogTable,
  changes: PartitionChanges,
): Promise<void> {
  // New and repointed partitions first, so no partition of the run is missing while old ones go.
  if (changes.create.length > 0) await catalog.createPartitions(database, table, changes.create);
  if (changes.update.length > 0) await catalog.updatePartitions(database, table, changes.update);
  if (changes.delete.length > 0) await catalog.deletePartitions(database, table.name, changes.delete);
}

/**
 * Commits one table's run: makes it the data readers see, or changes nothing.
 *
 * 1. Reads the run's manifests and verifies them (every part present, rows equal to the
 *    source's count) — on failure nothing in the catalog changes, so a half-finished run is
 *    never visible.
 * 2. Evolves the catalog's schema to the Parquet schema the manifests say was written (not the
 *    plan's), refusing incompatible changes and runs older than the committed one — again
 *    before any catalog write.
 * 3. Creates or updates the table with the run id in its parameters: for an unpartitioned
 *    table this one call is the switch (its location becomes the run prefix); a partitioned
 *    table's partitions are then created, repointed at their `run=<id>/` prefixes and deleted
 *    where the run has none.
 * 4. Upserts the `<table>_latest` view, then deletes the data and manifests of runs beyond
 *    `runsToKeep` (never this run, a newer one or the previous committed run).
 *
 * An incremental table (plan `mode: 'incremental'`) accumulates its runs instead: the catalog
 * gets the extra partition key `run` (see `commitLayout`), each run adds its partitions at its
 * `run=<id>/` prefixes and none is deleted or repointed, retention deletes nothing (compacting
 * old deltas is future work), the row count check compares this run's manifests with this run's
 * expected rows, and `<table>_latest` keeps the newest version per primary key (watermark, then
 * run, descending) — or, with no known key, is the table, with a warning in the summary.
 *
 * Committing the same run again leaves the catalog as it is and raises no error.
 *
 * @throws RowCountMismatchError, SchemaEvolutionError, StaleRunError before any catalog write
 * @throws CatalogBatchError when Glue refuses partition entries
 * @example
 * ```ts
 * const summary = await commitTable(
 *   { plan, database: 'marketplace_service', curatedBucket: 'curated-bucket', expectedParts: 12 },
 *   { objectStore: new S3ObjectStore({ client: s3 }), catalog: new GlueCatalog(glue) },
 * );
 * ```
 */
export async function commitTable(input: CommitTableInput, deps: CommitTableDeps): Promise<CommitSummary> {
  const { plan, database, curatedBucket } = input;
  const { objectStore, catalog } = deps;
  const label = tableLabel(plan.source, plan.table);
  const locationOf = (prefix: string) => `s3://${curatedBucket}/${prefix}`;
  const planKeys = plan.partitionKeys.map((key) => key.name);
  // Incremental runs are deltas: they add `run` partitions instead of replacing the table.
  const { partitionKeys, accumulatesRuns } = commitLayout(plan.mode, planKeys);

  const manifests = await readManifests(objectStore, curatedBucket, plan);
  const totals = verifyRowCount(manifests, {
    source: plan.source,
    table: plan.table,
    runId: plan.runId,
    rows: plan.expectedRows,
    parts: input.expectedParts,
  });
  // With no parts (an empty source table) nothing was written to describe: take the plan's types.
  const written =
    manifests.length > 0
      ? writtenSchema(manifests, label)
      : plan.columns.map((column) => ({ name: column.output, duckdbType: column.duckdbType }));

  const current = await catalog.getTable(database, plan.table.toLowerCase());
  const evolution = evolveSchema(current?.columns, written, label);
  const table = curatedTable({
    source: plan.source,
    table: plan.table,
    runId: plan.runId,
    columns: evolution.columns,
    partitionKeys,
    locationOf,
    current,
  });
  const previousPartitions: CatalogPartition[] =
    current !== undefined && partitionKeys.length > 0
      ? await catalog.getPartitions(database, table.name)
      : [];
  const changes = partitionChanges(
    previousPartitions,
    runPartitions(manifests, planKeys, locationOf, { runKey: accumulatesRuns }),
    { accumulate: accumulatesRuns },
  );
  const latest = latestDedupe({
    label,
    table: table.name,
    accumulatesRuns,
    columns: table.columns,
    ...(plan.primaryKey === undefined ? {} : { primaryKey: plan.primaryKey }),
    ...(plan.watermarkColumn === undefined ? {} : { watermarkColumn: plan.watermarkColumn }),
  });

  let tableAction: CommitSummary['tableAction'] = 'unchanged';
  if (current === undefined) {
    await catalog.createTable(database, table);
    tableAction = 'created';
  } else if (!sameTable(current, table)) {
    await catalog.updateTable(database, table);
    tableAction = 'updated';
  }
  await switchPartitions(catalog, database, table, changes);
  await catalog.upsertView(
    database,
    latestView(database, table.name, table.columns, partitionKeys, latest.dedupe),
  );

  const deleted = accumulatesRuns
    ? { runs: [], objects: 0 }
    : await deleteOldRuns(
        objectStore,
        curatedBucket,
        plan,
        input.runsToKeep ?? 2,
        table.parameters[PREVIOUS_RUN_ID_PARAMETER],
      );
  return {
    table: label,
    database,
    runId: plan.runId,
    ...totals,
    tableAction,
    partitions: {
      created: changes.create.length,
      updated: changes.update.length,
      deleted: changes.delete.length,
    },
    schemaChanges: evolution.changes,
    deletedRuns: deleted.runs,
    deletedObjects: deleted.objects,
    warnings: latest.warnings,
  };
}
