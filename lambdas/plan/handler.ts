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
import { catalogKnownColumns } from '../../lib/pipeline/catalogKnownColumns';
import { footerRowCounter } from '../../lib/pipeline/footerRowCounter';
import { planRun } from '../../lib/pipeline/planRun';

/**
 * The state machine's input to the plan step, after the export completed. `config` is the lake
 * config subset `{ name, pools, sources: [source] }` the stack embeds in the definition: Lambda
 * caps a function's environment at 4 KB, which a real config outgrows.
 */
const eventSchema = z.strictObject({
  config: z.unknown(),
  source: z.string().min(1),
  runId: z.string(),
  exportId: z.string().min(1),
});

// The raw bucket and the export's S3 prefix; clients are built once per container.
const rawBucket = requiredEnv('RAW_BUCKET');
const exportPrefix = process.env.EXPORT_PREFIX ?? '';
const objectStore = new S3ObjectStore({ client: new S3Client({}) });
const catalog = new GlueCatalog(new GlueClient({}));
// Row counts come from the parts' Parquet footers (two ranged GETs each), never the whole parts.
const countRows = footerRowCounter(objectStore);

/** Plans a snapshot run: `{ config, source, runId, exportId }` → the {@link RunPlan} the state machine maps over. */
export const handler = async (event: unknown): Promise<RunPlan> => {
  const { config: input, source: name, runId, exportId } = eventSchema.parse(event);
  const config = parseConfig(input, 'the plan task input');
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
      countRows,
    },
  );
};
