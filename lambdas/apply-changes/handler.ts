import { S3Client } from '@aws-sdk/client-s3';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { positiveIntegerEnv } from '../../lib/adapters/env';
import { S3ObjectStore } from '../../lib/adapters/objectStore';
import { SecretsManagerSecretReader } from '../../lib/adapters/secrets';
import { memoryLimitForLambda, openDuckdb } from '../../lib/duckdb';
import { applyChangesSettingsSchema } from '../../lib/tasks/applyChanges/applyChangesSettingsSchema';
import { applyChangesTask } from '../../lib/tasks/applyChanges/applyChangesTask';
import { bindTask } from '../../lib/tasks/Task';
import { parseTaskSettings } from '../../lib/tasks/taskSettings';

// Once per container: settings, the salt's secret (fetched once), DuckDB.
const settings = parseTaskSettings(applyChangesSettingsSchema);

/** The apply state of the cdc apply pipeline (`applyChangesTask`) on S3 and DuckDB. */
export const handler = bindTask(applyChangesTask, {
  objectStore: new S3ObjectStore({ client: new S3Client({}) }),
  duckdb: openDuckdb({
    memoryLimit: memoryLimitForLambda(positiveIntegerEnv('AWS_LAMBDA_FUNCTION_MEMORY_SIZE', 1024)),
    tempDirectory: '/tmp/duckdb',
  }),
  secrets: new SecretsManagerSecretReader(new SecretsManagerClient({})),
  settings,
});
