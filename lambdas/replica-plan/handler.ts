import { Logger } from '@aws-lambda-powertools/logger';
import { GlueClient } from '@aws-sdk/client-glue';
import { S3Client } from '@aws-sdk/client-s3';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { GlueCatalog } from '../../lib/adapters/catalog';
import { databaseCredentials, openReplicaReader, type ReplicaReader } from '../../lib/adapters/database';
import { requiredEnv } from '../../lib/adapters/env';
import { S3ObjectStore } from '../../lib/adapters/objectStore';
import { SecretsManagerSecretReader } from '../../lib/adapters/secrets';
import { S3WatermarkStore } from '../../lib/adapters/watermark';
import { parseConfig } from '../../lib/config';
import { DataLakeError, EnvironmentError } from '../../lib/core/errors';
import { planReplicaRun, type ReplicaRunManifest } from '../../lib/core/orchestration';
import { catalogKnownColumns } from '../../lib/pipeline/catalogKnownColumns';
import { checkReplicaLag, type ReplicaLag } from '../../lib/pipeline/checkReplicaLag';
import { listReplicaTables } from '../../lib/pipeline/listReplicaTables';
import { planExtract } from '../../lib/pipeline/planExtract';
import { storeReplicaRunPlan } from '../../lib/pipeline/storeReplicaRunPlan';
import { replicaPlanEventSchema } from './replicaPlanEventSchema';

// The replica and the lake's stores, from the stack; clients built once per container.
const engine = requiredEnv('REPLICA_ENGINE') === 'postgres' ? 'postgres' : 'mysql';
// Every read replica of the source: each is checked for lag, the chunks are spread over all.
const hosts = requiredEnv('REPLICA_HOSTS')
  .split(',')
  .map((host) => host.trim())
  .filter((host) => host !== '');
if (hosts.length === 0)
  throw new EnvironmentError('REPLICA_HOSTS', 'is empty; allowed: a comma-separated list of hosts');
const endpoint = {
  engine,
  port: Number(requiredEnv('REPLICA_PORT')),
  database: requiredEnv('REPLICA_DATABASE'),
} as const;
const credentialsSecretArn = requiredEnv('CREDENTIALS_SECRET_ARN');
const glueDatabase = requiredEnv('GLUE_DATABASE');
const s3 = new S3Client({});
const watermarks = new S3WatermarkStore({ client: s3, bucket: requiredEnv('CURATED_BUCKET') });
const objectStore = new S3ObjectStore({ client: s3 });
const catalog = new GlueCatalog(new GlueClient({}));
const secrets = new SecretsManagerSecretReader(new SecretsManagerClient({}));

async function openReader(host: string): Promise<ReplicaReader> {
  const { username: user, password } = await databaseCredentials(secrets, credentialsSecretArn);
  // TLS verified against the RDS CAs the stack's NODE_EXTRA_CA_CERTS adds to Node's store.
  return openReplicaReader({ ...endpoint, host, user, password, tls: true, poolSize: 1 });
}

// The lag check's settings: replica.unmeasuredLag, and for Aurora the analytics readers' instance
// identifiers (their lag comes from Aurora's replica status, read through the custom endpoint).
// Anything but `warn` fails, the config's default.
const unmeasuredLag = process.env.REPLICA_UNMEASURED_LAG === 'warn' ? 'warn' : 'fail';
const auroraInstances = process.env.REPLICA_AURORA_INSTANCES?.split(',')
  .map((instance) => instance.trim())
  .filter((instance) => instance !== '');
const logger = new Logger({ serviceName: 'datalake-replica-plan' });

/** The lag of every replica, one after the other; the first beyond the limit throws. Returns the largest. */
async function checkEveryReplica(task: { source: string; maxLagSeconds: number }): Promise<ReplicaLag> {
  let lagSeconds: number | null = null;
  const unmeasured: string[] = [];
  for (const host of hosts) {
    const reader = await openReader(host);
    try {
      const lag = await checkReplicaLag(
        { ...task, unmeasuredLag, replica: host, ...(auroraInstances ? { auroraInstances } : {}) },
        { reader },
      );
      if (lag.lagSeconds !== null && lag.lagSeconds > (lagSeconds ?? -1)) lagSeconds = lag.lagSeconds;
      unmeasured.push(...lag.unmeasured);
    } finally {
      await reader.close();
    }
  }
  if (unmeasured.length > 0) {
    logger.warn('Replica lag not measured; reading anyway (replica.unmeasuredLag: warn)', { unmeasured });
  }
  return { lagSeconds, unmeasured };
}

/**
 * `lag`: checks every replica's lag (throws ReplicaLagError, which the state machine retries);
 * `plan`: plans the run, stores its lists in `runBucket` and returns their manifest.
 */
export const handler = async (event: unknown): Promise<ReplicaLag | ReplicaRunManifest> => {
  const task = replicaPlanEventSchema.parse(event);
  if (task.step === 'lag') return checkEveryReplica(task);
  // Table metadata is the same on every replica: the first one plans.
  const reader = await openReader(hosts[0] as string);
  try {
    const source = parseConfig(task.config, 'the replica plan task input').sources.find(
      (s) => s.name === task.source,
    );
    if (source === undefined)
      throw new DataLakeError(
        `Unknown source "${task.source}" in the replica plan task input; allowed: the one source the stack embeds`,
      );
    const knownColumns = catalogKnownColumns(catalog, glueDatabase);
    const plan = await planReplicaRun(
      source,
      task.runId,
      {
        listTables: () => listReplicaTables(reader),
        readWatermark: (table) => watermarks.get(source.name, table.name),
        planTable: async (table, watermark) => {
          const known = await knownColumns(table.name);
          return planExtract(
            {
              source,
              table,
              runId: task.runId,
              runStart: new Date(task.runStart),
              ...(known ? { knownColumns: known } : {}),
              ...(watermark ? { watermark } : {}),
            },
            { reader },
          );
        },
      },
      hosts,
    );
    for (const warning of plan.warnings) logger.warn(warning);
    return await storeReplicaRunPlan(plan, {
      store: objectStore,
      bucket: task.runBucket,
      source: source.name,
    });
  } finally {
    await reader.close();
  }
};
