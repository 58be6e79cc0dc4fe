import type { z } from 'zod';
import type { Catalog } from '../../adapters/catalog';
import type { ObjectStore } from '../../adapters/objectStore';
import { commitMetrics, schemaChangeCounts } from '../../core/commit';
import { SchemaEvolutionError } from '../../core/errors';
import { type CommitSummary, commitTable } from '../../pipeline/commitTable';
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

/**
 * The commit state of both pipelines: verifies a table's run against its manifests and switches
 * the catalog to it (see `commitTable`), in the function's database and bucket; logs the summary
 * with the rows and schema changes as EMF metrics, and an incompatible schema change as one.
 *
 * @example
 * ```ts
 * const summary = await commitTask({ plan, expectedParts: 3 }, { objectStore, catalog, settings, logger, now: Date.now });
 * ```
 */
export const commitTask: Task<CommitDeps, CommitSummary> = async (event, deps) => {
  const { plan, expectedParts } = commitEventSchema.parse(event);
  const { settings, logger } = deps;
  try {
    const summary = await commitTable(
      {
        plan,
        expectedParts,
        database: settings.GLUE_DATABASE,
        curatedBucket: settings.CURATED_BUCKET,
        runsToKeep: settings.CURATED_RUNS_TO_KEEP,
      },
      { objectStore: deps.objectStore, catalog: deps.catalog },
    );
    const counts = { RowsCommitted: summary.rows, ...schemaChangeCounts(summary.schemaChanges) };
    logger.info('Table committed', { summary, ...commitMetrics(summary.table, counts, deps.now()) });
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
