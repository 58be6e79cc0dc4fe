import { listAll, type ObjectStore, type StoredObject } from '../adapters/objectStore';
import type { SourceConfig } from '../config';
import { DataLakeError, ExportInfoError } from '../core/errors';
import {
  assertTablesExported,
  type ExportTablesInfo,
  exportInfoKey,
  exportRootPrefix,
  isExportPartKey,
  isExportTablesInfoKey,
  parseExportInfo,
  parseExportTablesInfo,
  sourceColumnsFromExport,
  tableExportPrefix,
} from '../core/export';
import { partList, partListKey } from '../core/orchestration/partListKey';
import { MAX_LISTED_PART_KEYS, type PlannedTableWork, planTable, type RunPlan } from '../core/pipeline';
import { snapshotTables } from '../core/pipeline/plan/snapshotTables';
import type { ExportRowCounter } from './ExportRowCounter';
import type { KnownColumnsReader } from './KnownColumnsReader';

/** Where a finished RDS snapshot export is, and when its snapshot was created. */
export interface ExportLocation {
  readonly bucket: string;
  /** The export task's S3 prefix (`''` when it has none). */
  readonly prefix: string;
  readonly exportId: string;
  /**
   * When the exported snapshot was created, ISO 8601 UTC: every table plan's `snapshotTime`.
   *
   * @default - unknown: the plans carry none, and freshness is measured from the run's start
   */
  readonly snapshotTime?: string;
}

/** What {@link planRun} reads through. */
export interface PlanRunAdapters {
  /** The raw bucket holding the export. */
  readonly objectStore: ObjectStore;
  readonly knownColumns: KnownColumnsReader;
  readonly countRows: ExportRowCounter;
}

async function readTablesInfo(store: ObjectStore, location: ExportLocation): Promise<ExportTablesInfo> {
  const root = exportRootPrefix(location.prefix, location.exportId);
  const keys = (await listAll(store, location.bucket, root))
    .map((object) => object.key)
    .filter((key) => isExportTablesInfoKey(key, location.prefix, location.exportId));
  if (keys.length === 0) {
    throw new ExportInfoError(root, [
      {
        path: '',
        message: `has no export_tables_info_${location.exportId}_from_*.json; the export wrote no table info`,
      },
    ]);
  }
  const files = await Promise.all(
    keys.map(async (key) => parseExportTablesInfo(await store.getJson(location.bucket, key), key)),
  );
  return { perTableStatus: files.flatMap((file) => file.perTableStatus) };
}

async function partFiles(store: ObjectStore, bucket: string, prefix: string): Promise<StoredObject[]> {
  return (await listAll(store, bucket, prefix)).filter((object) => isExportPartKey(object.key));
}

/** Tables of a pool run by priority, highest first, then by name. */
function byPriorityThenName(
  a: PlannedTableWork & { priority: number },
  b: PlannedTableWork & { priority: number },
): number {
  return b.priority - a.priority || a.table.table.localeCompare(b.table.table);
}

/**
 * Plans one snapshot run of a source from its finished export: checks the export completed and
 * wrote every table the run curates (a failed, skipped or missing table fails the run by name),
 * plans each table from the export's column list, the config and the catalog's known columns
 * (with the snapshot's creation time, `location.snapshotTime`, its data is as of), counts its
 * exported rows from the part files' Parquet footers, lists its part files (`part-….parquet` only,
 * never markers such as `_SUCCESS`) and writes them as the table's part list (`partListKey`) for
 * the Distributed Map, and groups the tables by pool in run order (priority, highest first, then
 * name). The state machine maps over the result.
 *
 * @throws DataLakeError when the export did not complete
 * @throws ExportInfoError when the export's info files are missing or malformed
 * @throws TableExportError naming every table the export did not write completely
 * @throws UnknownColumnError, NewColumnsError, TablePlanError, TypeMappingError from {@link planTable}
 * @example
 * ```ts
 * const plan = await planRun(source, '20261123T030005Z', { bucket: 'raw', prefix: 'exports', exportId },
 *   { objectStore, knownColumns: catalogKnownColumns(catalog, 'marketplace_service'), countRows });
 * plan.pools.small[0].parts.count; // part files of the pool's first table
 * ```
 */
export async function planRun(
  source: SourceConfig,
  runId: string,
  location: ExportLocation,
  adapters: PlanRunAdapters,
): Promise<RunPlan> {
  const { objectStore: store } = adapters;
  const infoKey = exportInfoKey(location.prefix, location.exportId);
  const info = parseExportInfo(await store.getJson(location.bucket, infoKey), infoKey);
  if (info.status !== 'COMPLETE') {
    const cause = info.failureCause ?? info.warningMessage ?? 'no failureCause given';
    throw new DataLakeError(
      `Export ${location.exportId} has status ${info.status} (${cause}); allowed: COMPLETE`,
    );
  }
  const tablesInfo = await readTablesInfo(store, location);
  const tables = snapshotTables(source, tablesInfo);
  const refs = tables.map((table) => ({
    engine: source.engine,
    database: source.database,
    schema: table.schema,
    table: table.name,
  }));
  const exported = new Map(
    assertTablesExported(refs, tablesInfo, location.exportId).map((entry) => [
      `${entry.schema}.${entry.table}`,
      entry,
    ]),
  );

  const planned = await Promise.all(
    tables
      .flatMap((table) => {
        const entry = exported.get(`${table.schema}.${table.name}`);
        return entry ? [{ table, entry }] : [];
      })
      .map(async ({ table, entry }) => {
        const prefix = tableExportPrefix(location.prefix, location.exportId, entry);
        const files = await partFiles(store, location.bucket, prefix);
        const keys = files.map((file) => file.key);
        const plan = {
          ...planTable({
            source,
            table,
            sourceColumns: sourceColumnsFromExport(entry.info, source.engine),
            knownColumns: await adapters.knownColumns(table.name),
            runId,
            expectedRows: await adapters.countRows(location.bucket, files),
          }),
          ...(location.snapshotTime === undefined ? {} : { snapshotTime: location.snapshotTime }),
        };
        const listKey = partListKey(location.prefix, location.exportId, runId, table.schema, table.name);
        await store.putJson(location.bucket, listKey, partList(keys));
        const parts = {
          bucket: location.bucket,
          prefix,
          count: keys.length,
          ...(keys.length <= MAX_LISTED_PART_KEYS ? { keys } : {}),
          listKey,
        };
        return { pool: table.pool, priority: table.priority, table: plan, parts };
      }),
  );

  const pools: Record<string, (PlannedTableWork & { priority: number })[]> = {};
  for (const { pool, ...work } of planned) pools[pool] = [...(pools[pool] ?? []), work];
  return {
    runId,
    source: source.name,
    exportId: location.exportId,
    pools: Object.fromEntries(
      Object.entries(pools).map(([pool, works]) => [
        pool,
        works.sort(byPriorityThenName).map(({ table, parts }) => ({ table, parts })),
      ]),
    ),
  };
}
