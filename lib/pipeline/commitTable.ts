import type { Catalog } from '../adapters/catalog';
import { listAll, type ObjectStore } from '../adapters/objectStore';
import {
  type CatalogNames,
  type CatalogPartition,
  type CatalogTable,
  type CatalogView,
  catalogNames,
  commitLayout,
  curatedTable,
  curatedView,
  evolveSchema,
  latestDedupe,
  PREVIOUS_RUN_ID_PARAMETER,
  parseManifest,
  partitionsToCreate,
  RUN_ID_PARAMETER,
  runIdOfKey,
  runPartitions,
  runSwitchParameters,
  runsToDelete,
  type SchemaChanges,
  sameTable,
  sameView,
  tableLabel,
  uncommittedPartitions,
  verifyRowCount,
  verifyWindowFollows,
  writtenSchema,
} from '../core/commit';
import { mapConcurrently } from '../core/extract';
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
    | 'source'
    | 'table'
    | 'runId'
    | 'expectedRows'
    | 'mode'
    | 'primaryKey'
    | 'watermarkColumn'
    | 'window'
    | 'snapshotTime'
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
  /**
   * The table's export is gone: a commit of this run deleted it after committing (a re-run plans
   * no parts for it). When readers already see this run, its manifests stand for the counts,
   * which were verified against the export then; otherwise the plan's counts are checked as ever.
   *
   * @default false
   */
  readonly exportConsumed?: boolean;
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
  /**
   * What happened to the table holding the run (a snapshot run's own table, or an incremental
   * table's deltas table); `unchanged` on a re-commit.
   */
  readonly tableAction: 'created' | 'updated' | 'unchanged';
  /** Partitions registered, and partitions of uncommitted incremental runs removed. */
  readonly partitions: { readonly created: number; readonly deleted: number };
  readonly schemaChanges: SchemaChanges;
  /** Runs whose tables, data and manifests retention deleted, oldest first; none for an incremental table. */
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
  return mapConcurrently(keys, MANIFEST_READS_IN_FLIGHT, async (key) =>
    parseManifest(await objectStore.getJson(bucket, key), key),
  );
}

async function deleteOldRuns(
  deps: CommitTableDeps,
  target: { database: string; bucket: string; names: CatalogNames },
  plan: CommitPlan,
  keep: number,
  previousRunId: string | undefined,
): Promise<{ runs: string[]; objects: number }> {
  const { objectStore, catalog } = deps;
  const { bucket } = target;
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
  // The view never points at these runs (it shows the current run, and the previous one is
  // kept): drop each run's table before its files, so no catalog entry names missing data.
  for (const run of runs) await catalog.deleteTable(target.database, target.names.runTable(run));
  const doomed = new Set(runs);
  const keys = keyRuns.filter((entry) => doomed.has(entry.runId)).map((entry) => entry.key);
  if (keys.length > 0) await objectStore.delete(bucket, keys);
  return { runs, objects: keys.length };
}

/** What readers see of a table now: its view, or a table an earlier version of the lake committed. */
interface Shown {
  readonly view?: CatalogView;
  /** `<table>` as a partitioned or run-prefix table (before views): replaced by the view. */
  readonly legacy?: CatalogTable;
  /** The run readers see; `undefined` before the first commit. */
  readonly runId?: string;
}

async function shown(catalog: Catalog, database: string, names: CatalogNames): Promise<Shown> {
  const view = await catalog.getView(database, names.view);
  const legacy = view === undefined ? await catalog.getTable(database, names.view) : undefined;
  const runId = (view?.parameters ?? legacy?.parameters)?.[RUN_ID_PARAMETER];
  return {
    ...(view === undefined ? {} : { view }),
    ...(legacy === undefined ? {} : { legacy }),
    ...(runId === undefined ? {} : { runId }),
  };
}

/**
 * Commits one table's run: makes it the data readers see, in one catalog call, or changes nothing
 * readers see.
 *
 * Readers query views: `<table>` and `<table>_latest`. The runs live in tables they select
 * from, and switching `<table>` from one run to the next is one UpdateTable of the view, so a
 * query reads the old run or the new one, never a mix — however many partitions the run has
 * (Glue registers at most 100 partitions per call).
 *
 * 1. Reads the run's manifests and verifies them (every part present, rows equal to the
 *    source's count) — on failure nothing in the catalog changes.
 * 2. Evolves the schema readers see to the Parquet schema the manifests say was written,
 *    refusing incompatible changes and runs older than the one readers see — again before any
 *    catalog write.
 * 3. A snapshot run gets its own table, `<table>__run_<id>` (its partitions at their
 *    `run=<id>/` prefixes); nobody reads it until the view points at it, so registering it in
 *    many calls is invisible. An incremental run adds its partitions (with the extra key `run`)
 *    to `<table>__deltas`, whose view reads only `run <= <committed run>`: first the partitions
 *    of runs whose commit failed after registering some are removed, then this run's are added,
 *    both above the view's bound.
 * 4. Switches `<table>` to the run (one call; a table an earlier version of the lake committed
 *    under that name is dropped first, and an incremental one's partitions carried over), then
 *    upserts `<table>_latest` (its own single call) — each view shows one committed state. For an
 *    incremental run that one call also records the end of its window (`datalake_watermark`),
 *    where the next run starts: the run's rows and its window being consumed are one step, so a
 *    crash before it leaves the window to be read again (its partitions, above the view's
 *    bound, are removed by the next commit) and a crash after it leaves nothing to read again.
 * 5. Snapshots: deletes the tables, data and manifests of runs beyond `runsToKeep` (never this
 *    run, a newer one or the run the view showed before, which queries started before the
 *    switch may still read). Incremental runs are deltas: retention deletes none.
 *
 * Committing the same run again changes nothing and raises no error; a commit that failed
 * part-way is finished by committing the run again.
 *
 * @throws RowCountMismatchError, SchemaEvolutionError, StaleRunError before any catalog write
 * @throws StaleWindowError before any catalog write, for an incremental run planned after a run
 *   that is no longer the committed one (another run was committed meanwhile)
 * @throws CatalogBatchError when Glue refuses partition entries (readers still see the old run)
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
  // Incremental runs are deltas: they add `run` partitions to one table instead of replacing it.
  const { partitionKeys, accumulatesRuns } = commitLayout(plan.mode, planKeys);
  const names = catalogNames(plan.table);

  const manifests = await readManifests(objectStore, curatedBucket, plan);
  const shownBefore = input.exportConsumed === true ? await shown(catalog, database, names) : undefined;
  const totals = verifyRowCount(manifests, {
    source: plan.source,
    table: plan.table,
    runId: plan.runId,
    ...(shownBefore?.runId === plan.runId
      ? { rows: manifests.reduce((sum, manifest) => sum + manifest.rows, 0), parts: manifests.length }
      : { rows: plan.expectedRows, parts: input.expectedParts }),
  });
  // With no parts (an empty source table) nothing was written to describe: take the plan's types.
  const written =
    manifests.length > 0
      ? writtenSchema(manifests, label)
      : plan.columns.map((column) => ({ name: column.output, duckdbType: column.duckdbType }));

  const now = shownBefore ?? (await shown(catalog, database, names));
  const viewParameters = runSwitchParameters(
    now.view?.parameters ?? now.legacy?.parameters,
    plan.runId,
    label,
    accumulatesRuns
      ? { ...(plan.window?.through === undefined ? {} : { watermark: plan.window.through }) }
      : { ...(plan.snapshotTime === undefined ? {} : { snapshotTime: plan.snapshotTime }) },
  );
  if (accumulatesRuns && plan.window !== undefined) {
    verifyWindowFollows(label, plan.runId, plan.window, now.runId);
  }
  const target = accumulatesRuns ? names.deltas : names.runTable(plan.runId);
  const current = await catalog.getTable(database, target);
  // The schema evolves from what readers see: this table on a re-commit or for deltas, else the
  // shown run's table (or the table an earlier version committed).
  const base =
    current ??
    (!accumulatesRuns && now.view !== undefined && now.runId !== undefined
      ? await catalog.getTable(database, names.runTable(now.runId))
      : now.legacy);
  const evolution = evolveSchema(base?.columns, written, label);
  const table = curatedTable({
    name: target,
    source: plan.source,
    table: plan.table,
    runId: plan.runId,
    columns: evolution.columns,
    partitionKeys,
    locationOf,
    ...(current === undefined ? {} : { current }),
  });
  const latest = latestDedupe({
    label,
    table: names.view,
    accumulatesRuns,
    columns: table.columns,
    ...(plan.primaryKey === undefined ? {} : { primaryKey: plan.primaryKey }),
    ...(plan.watermarkColumn === undefined ? {} : { watermarkColumn: plan.watermarkColumn }),
  });

  const registered: CatalogPartition[] =
    current !== undefined && partitionKeys.length > 0 ? await catalog.getPartitions(database, target) : [];
  const inherited =
    accumulatesRuns && now.legacy !== undefined && now.legacy.partitionKeys.length > 0
      ? await committedPartitions(catalog, database, now.legacy.name, now.runId, plan.runId)
      : [];
  const uncommitted = accumulatesRuns ? uncommittedPartitions(registered, now.runId, plan.runId) : [];
  const create = partitionsToCreate(registered, [
    ...inherited,
    ...runPartitions(manifests, planKeys, locationOf, { runKey: accumulatesRuns }),
  ]);

  let tableAction: CommitSummary['tableAction'] = 'unchanged';
  if (current === undefined) {
    await catalog.createTable(database, table);
    tableAction = 'created';
  }
  if (uncommitted.length > 0) await catalog.deletePartitions(database, target, uncommitted);
  if (create.length > 0) await catalog.createPartitions(database, table, create);
  // Last before the switch: a schema change of the deltas table is the only change readers
  // could notice before the view moves (Athena reports a view stale when its table's schema
  // changes: Athena user guide, "Considerations and limitations for Athena views").
  if (current !== undefined && !sameTable(current, table)) {
    await catalog.updateTable(database, table);
    tableAction = 'updated';
  }

  const view = curatedView({
    database,
    name: names.view,
    from: target,
    columns: table.columns,
    partitionKeys,
    ...(accumulatesRuns ? { runsUpTo: plan.runId } : {}),
    parameters: viewParameters,
  });
  if (now.legacy !== undefined) await catalog.deleteTable(database, now.legacy.name);
  if (now.view === undefined || !sameView(now.view, view)) await catalog.upsertView(database, view);
  // Always written: a commit that failed between the two switches is finished by a re-commit.
  await catalog.upsertView(
    database,
    curatedView({
      database,
      name: names.latest,
      from: target,
      columns: table.columns,
      partitionKeys,
      ...(accumulatesRuns ? { runsUpTo: plan.runId } : {}),
      ...(latest.dedupe === undefined ? {} : { dedupe: latest.dedupe }),
    }),
  );

  const deleted = accumulatesRuns
    ? { runs: [], objects: 0 }
    : await deleteOldRuns(
        deps,
        { database, bucket: curatedBucket, names },
        plan,
        input.runsToKeep ?? 2,
        viewParameters[PREVIOUS_RUN_ID_PARAMETER],
      );
  return {
    table: label,
    database,
    runId: plan.runId,
    ...totals,
    tableAction,
    partitions: { created: create.length, deleted: uncommitted.length },
    schemaChanges: evolution.changes,
    deletedRuns: deleted.runs,
    deletedObjects: deleted.objects,
    warnings: latest.warnings,
  };
}

/** The partitions of a legacy incremental table that belong to committed runs (carried over). */
async function committedPartitions(
  catalog: Catalog,
  database: string,
  table: string,
  committedRunId: string | undefined,
  runId: string,
): Promise<CatalogPartition[]> {
  const partitions = await catalog.getPartitions(database, table);
  const uncommitted = new Set(
    uncommittedPartitions(partitions, committedRunId, runId).map((p) => JSON.stringify(p.values)),
  );
  return partitions.filter((partition) => !uncommitted.has(JSON.stringify(partition.values)));
}
