import { GlueClient } from '@aws-sdk/client-glue';
import { S3Client } from '@aws-sdk/client-s3';
import { z } from 'zod';
import { GlueCatalog } from '../../lib/adapters/catalog';
import { requiredEnv } from '../../lib/adapters/env';
import { S3ObjectStore } from '../../lib/adapters/objectStore';
import { parseConfig } from '../../lib/config';
import { DataLakeError } from '../../lib/core/errors';
import { sourceDatabaseName } from '../../lib/core/naming';
import type { RunPlan } from '../../lib/core/pipeline';
import { openDuckdb } from '../../lib/duckdb';
import { catalogKnownColumns } from '../../lib/pipeline/catalogKnownColumns';
import { downloadingRowCounter } from '../../lib/pipeline/downloadingRowCounter';
import { planRun } from '../../lib/pipeline/planRun';

/** The state machine's input to the plan step, after the export completed. */
const eventSchema = z.strictObject({
  source: z.string().min(1),
  runId: z.string(),
  exportId: z.string().min(1),
});

// The validated lake config as JSON (set by the stack), the raw bucket and the export's S3 prefix.
const config = parseConfig(JSON.parse(requiredEnv('LAKE_CONFIG')));
const rawBucket = requiredEnv('RAW_BUCKET');
const exportPrefix = process.env.EXPORT_PREFIX ?? '';
const objectStore = new S3ObjectStore({ client: new S3Client({}) });
const catalog = new GlueCatalog(new GlueClient({}));
const duckdb = openDuckdb({ memoryLimit: '256MB', tempDirectory: '/tmp/duckdb', threads: 1 });

/** Plans a snapshot run: `{ source, runId, exportId }` → the {@link RunPlan} the state machine maps over. */
export const handler = async (event: unknown): Promise<RunPlan> => {
  const { source: name, runId, exportId } = eventSchema.parse(event);
  const source = config.sources.find((candidate) => candidate.name === name);
  if (!source) {
    throw new DataLakeError(
      `Unknown source "${name}"; allowed: ${config.sources.map((s) => s.name).join(', ')}`,
    );
  }
  return planRun(
    source,
    runId,
    { bucket: rawBucket, prefix: exportPrefix, exportId },
    {
      objectStore,
      knownColumns: catalogKnownColumns(catalog, sourceDatabaseName(config.name, source.name)),
      countRows: downloadingRowCounter(objectStore, await duckdb, '/tmp'),
    },
  );
};
