import { S3Client } from '@aws-sdk/client-s3';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { positiveIntegerEnv } from '../../lib/adapters/env';
import { PowertoolsMetricsPublisher } from '../../lib/adapters/metrics';
import { S3ObjectStore } from '../../lib/adapters/objectStore';
import { SecretsManagerSecretReader } from '../../lib/adapters/secrets';
import { memoryLimitForLambda, openDuckdb } from '../../lib/duckdb';
import { bindTask } from '../../lib/tasks/Task';
import { parseTaskSettings } from '../../lib/tasks/taskSettings';
import { transformSettingsSchema } from '../../lib/tasks/transform/transformSettingsSchema';
import { transformTask } from '../../lib/tasks/transform/transformTask';

// First: a container without its settings fails before it opens DuckDB.
const settings = parseTaskSettings(transformSettingsSchema);

/**
 * The transform state of the snapshot pipeline (`transformTask`) on S3 and Secrets Manager;
 * built once per container: the salt is fetched once, DuckDB is opened once, its memory limit
 * from the function's memory (a variable Lambda sets); its metrics to CloudWatch (EMF).
 */
export const handler = bindTask(transformTask, {
  settings,
  metrics: new PowertoolsMetricsPublisher(settings.POWERTOOLS_METRICS_NAMESPACE),
  objectStore: new S3ObjectStore({ client: new S3Client({}) }),
  secrets: new SecretsManagerSecretReader(new SecretsManagerClient({})),
  duckdb: openDuckdb({
    memoryLimit: memoryLimitForLambda(positiveIntegerEnv('AWS_LAMBDA_FUNCTION_MEMORY_SIZE', 1024)),
    tempDirectory: '/tmp/duckdb',
  }),
});
