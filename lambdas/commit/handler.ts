import { Logger } from '@aws-lambda-powertools/logger';
import { GlueClient } from '@aws-sdk/client-glue';
import { S3Client } from '@aws-sdk/client-s3';
import { z } from 'zod';
import { GlueCatalog } from '../../lib/adapters/catalog';
import { positiveIntegerEnv, requiredEnv } from '../../lib/adapters/env';
import { S3ObjectStore } from '../../lib/adapters/objectStore';
import { commitMetrics, schemaChangeCounts } from '../../lib/core/commit';
import { SchemaEvolutionError } from '../../lib/core/errors';
import { RUN_ID_PATTERN } from '../../lib/core/pipeline';
import { type CommitSummary, commitTable } from '../../lib/pipeline/commitTable';

/** The commit task's input from the state machine; `database` and `curatedBucket` fall back to env. */
const eventSchema = z.object({
  plan: z.looseObject({
    source: z.string().min(1),
    table: z.string().min(1),
    runId: z.string().regex(RUN_ID_PATTERN),
    expectedRows: z.int().min(0),
    partitionKeys: z.array(z.looseObject({ name: z.string().min(1) })),
    columns: z.array(z.looseObject({ output: z.string().min(1), duckdbType: z.string().min(1) })),
  }),
  database: z.string().min(1).optional(),
  curatedBucket: z.string().min(1).optional(),
  expectedParts: z.int().min(0),
});

const logger = new Logger({ serviceName: 'datalake-commit' });
const objectStore = new S3ObjectStore({ client: new S3Client({}) });
const catalog = new GlueCatalog(new GlueClient({}));
const runsToKeep = positiveIntegerEnv('CURATED_RUNS_TO_KEEP', 2);

/** Commits one table's run (see `commitTable`), logging the summary and schema-change metrics (EMF). */
export const handler = async (event: unknown): Promise<CommitSummary> => {
  const { plan, database, curatedBucket, expectedParts } = eventSchema.parse(event);
  const input = {
    plan,
    database: database ?? requiredEnv('GLUE_DATABASE'),
    curatedBucket: curatedBucket ?? requiredEnv('CURATED_BUCKET'),
    expectedParts,
    runsToKeep,
  };
  try {
    const summary = await commitTable(input, { objectStore, catalog });
    const counts = { RowsCommitted: summary.rows, ...schemaChangeCounts(summary.schemaChanges) };
    logger.info('Table committed', { summary, ...commitMetrics(summary.table, counts, Date.now()) });
    return summary;
  } catch (error) {
    if (error instanceof SchemaEvolutionError) {
      const metric = { IncompatibleSchemaChanges: error.changes.length };
      logger.error('Incompatible schema change', {
        error,
        ...commitMetrics(error.table, metric, Date.now()),
      });
    }
    throw error;
  }
};
