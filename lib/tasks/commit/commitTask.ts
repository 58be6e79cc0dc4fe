import type * as z from 'zod';
import type { Catalog } from '../../adapters/catalog';
import type { MetricsPublisher } from '../../adapters/metrics/MetricsPublisher';
import type { ObjectStore } from '../../adapters/objectStore';
import { tableExportToDelete } from '../../core/commit';
import { EnvironmentError, RowCountMismatchError, SchemaEvolutionError } from '../../core/errors';
import {
  committedSourceMetrics,
  committedTableMetrics,
  rowCountDifference,
  sourceDimensions,
  tableDimensions,
} from '../../core/metrics';
import { type CommitSummary, commitTable } from '../../pipeline/commitTable';
import { deleteTableExport, type TableExport, tableExportEmpty } from '../../pipeline/deleteTableExport';
import type { Task } from '../Task';
import type { TableTaskLogger } from '../TaskLogger';
import { commitEventSchema } from './commitEventSchema';
import type { commitSettingsSchema } from './commitSettingsSchema';

/** What the commit task works with. */
export interface CommitDeps {
  readonly objectStore: ObjectStore;
  readonly catalog: Catalog;
  readonly settings: z.output<typeof commitSettingsSchema>;
  readonly logger: TableTaskLogger;
  /** Where the table's metrics go: CloudWatch on Lambda, nowhere locally. */
  readonly metrics: MetricsPublisher;
  /** The clock the run's duration and the table's freshness are measured on, epoch milliseconds. */
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
 * `exportConsumed`). Every log line names the run, source and table. Publishes the table's
 * metrics: rows and bytes committed, the run's duration, the table's freshness and its row-count
 * difference (see `committedTableMetrics`); on a refused run, the schema changes refused or the
 * row-count difference that refused it.
 *
 * @example
 * ```ts
 * const summary = await commitTask({ plan, expectedParts: 3, tableExport: parts.prefix }, { objectStore, catalog, settings, logger, metrics, now: Date.now });
 * ```
 */
export const commitTask: Task<CommitDeps, CommitSummary> = async (event, deps) => {
  const parsed = commitEventSchema.parse(event);
  const { plan, expectedParts } = parsed;
  const { settings, logger, objectStore, metrics } = deps;
  logger.appendKeys({ runId: plan.runId, source: plan.source, table: plan.table });
  const dimensions = tableDimensions(plan.source, plan.table);
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
    const now = deps.now();
    metrics.publish(dimensions, committedTableMetrics(plan, summary, now));
    const sourceMetrics = committedSourceMetrics(plan, now);
    if (Object.keys(sourceMetrics).length > 0) metrics.publish(sourceDimensions(plan.source), sourceMetrics);
    logger.info('Table committed', { summary, exportObjectsDeleted });
    return summary;
  } catch (error) {
    if (error instanceof SchemaEvolutionError) {
      metrics.publish(dimensions, { schemaChangesRefused: error.changes.length });
      logger.error('Incompatible schema change', { error });
    } else if (error instanceof RowCountMismatchError) {
      metrics.publish(dimensions, {
        rowCountDifference: rowCountDifference(error.writtenRows, error.expectedRows),
      });
      logger.error('Row count check failed', { error });
    }
    throw error;
  }
};
