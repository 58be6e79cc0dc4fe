import type { z } from 'zod';
import type { Catalog } from '../../adapters/catalog';
import type { ObjectStore } from '../../adapters/objectStore';
import { commitMetrics, schemaChangeCounts, tableExportToDelete } from '../../core/commit';
import { EnvironmentError, SchemaEvolutionError } from '../../core/errors';
import { type CommitSummary, commitTable } from '../../pipeline/commitTable';
import { deleteTableExport, type TableExport, tableExportEmpty } from '../../pipeline/deleteTableExport';
import type { Task } from '../Task';
import type { TaskLogger } from '../TaskLogger';
import { commitEventSchema } from './commitEventSchema';
import type { commitSettingsSchema } from './commitSettingsSchema';

/** What the commit task works with. */
export interface CommitDeps {
  readonly objectStore: ObjectStore;
  readonly catalog: Catalog;
  readonly settings: z.output<typeof commitSettingsSchema>;
  readonly logger: TaskLogger;
  /** The clock of the metrics' timestamps. */
  readonly now: () => number;
}

/** The event's table export in the function's raw bucket, under the source's export prefix only. */
function tableExport(folder: string, settings: CommitDeps['settings']): TableExport {
  const { RAW_BUCKET, EXPORT_PREFIX } = settings;
  if (RAW_BUCKET === undefined)
    throw new EnvironmentError(
      'RAW_BUCKET',
      'is not set; a snapshot commit deletes its table export from it',
    );
  if (EXPORT_PREFIX === undefined)
    throw new EnvironmentError(
      'EXPORT_PREFIX',
      'is not set; a snapshot commit deletes exports under it only',
    );
  return { bucket: RAW_BUCKET, folder: tableExportToDelete(folder, EXPORT_PREFIX) };
}

/**
 * The commit state of both pipelines: verifies a table's run against its manifests and switches
 * the catalog to it (see `commitTable`), in the function's database and bucket; then, on the
 * snapshot path, deletes the table's folder of the run's export from the raw bucket (its unmasked
 * rows are no longer needed; a failed commit keeps them for the retry). A re-run of the run finds
 * that folder empty: the commit then checks the table against its own manifests (see
 * `exportConsumed`). Logs the summary with the rows and schema changes as EMF metrics, and an
 * incompatible schema change as one.
 *
 * @example
 * ```ts
 * const summary = await commitTask({ plan, expectedParts: 3, tableExport: parts.prefix }, { objectStore, catalog, settings, logger, now: Date.now });
 * ```
 */
export const commitTask: Task<CommitDeps, CommitSummary> = async (event, deps) => {
  const parsed = commitEventSchema.parse(event);
  const { plan, expectedParts } = parsed;
  const { settings, logger, objectStore } = deps;
  const raw = parsed.tableExport === undefined ? undefined : tableExport(parsed.tableExport, settings);
  try {
    const summary = await commitTable(
      {
        plan,
        expectedParts,
        database: settings.GLUE_DATABASE,
        curatedBucket: settings.CURATED_BUCKET,
        runsToKeep: settings.CURATED_RUNS_TO_KEEP,
        exportConsumed: raw !== undefined && (await tableExportEmpty(objectStore, raw)),
      },
      { objectStore, catalog: deps.catalog },
    );
    const exportObjectsDeleted = raw === undefined ? 0 : await deleteTableExport(objectStore, raw);
    const counts = { RowsCommitted: summary.rows, ...schemaChangeCounts(summary.schemaChanges) };
    logger.info('Table committed', {
      summary,
      exportObjectsDeleted,
      ...commitMetrics(summary.table, counts, deps.now()),
    });
    return summary;
  } catch (error) {
    if (error instanceof SchemaEvolutionError) {
      const metric = { IncompatibleSchemaChanges: error.changes.length };
      logger.error('Incompatible schema change', {
        error,
        ...commitMetrics(error.table, metric, deps.now()),
      });
    }
    throw error;
  }
};
