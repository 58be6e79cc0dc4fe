import { S3Client } from '@aws-sdk/client-s3';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SecretReplicaReaders } from '../../lib/adapters/database/SecretReplicaReaders';
import { positiveIntegerEnv } from '../../lib/adapters/env';
import { PowertoolsMetricsPublisher } from '../../lib/adapters/metrics';
import { S3ObjectStore } from '../../lib/adapters/objectStore';
import { SecretsManagerSecretReader } from '../../lib/adapters/secrets';
import { memoryLimitForLambda, openDuckdb } from '../../lib/duckdb';
import { extractSettingsSchema } from '../../lib/tasks/extract/extractSettingsSchema';
import { extractTask } from '../../lib/tasks/extract/extractTask';
import { replicaConnection } from '../../lib/tasks/replicaConnectionSettings';
import { bindTask } from '../../lib/tasks/Task';
import { parseTaskSettings } from '../../lib/tasks/taskSettings';

// Once per container: settings, the secrets (each fetched once), DuckDB, one session per replica.
const settings = parseTaskSettings(extractSettingsSchema);
const secrets = new SecretsManagerSecretReader(new SecretsManagerClient({}));

/** The extract state of the replica pipeline (`extractTask`) on the replicas, S3 and DuckDB, its metrics to CloudWatch (EMF). */
export const handler = bindTask(extractTask, {
  replicas: new SecretReplicaReaders({
    secrets,
    ...replicaConnection(settings),
    keepOpen: true,
  }),
  objectStore: new S3ObjectStore({ client: new S3Client({}) }),
  duckdb: openDuckdb({
    memoryLimit: memoryLimitForLambda(positiveIntegerEnv('AWS_LAMBDA_FUNCTION_MEMORY_SIZE', 1024)),
    tempDirectory: '/tmp/duckdb',
  }),
  secrets,
  settings,
  metrics: new PowertoolsMetricsPublisher(settings.POWERTOOLS_METRICS_NAMESPACE),
});
