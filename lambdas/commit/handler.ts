import { Logger } from '@aws-lambda-powertools/logger';
import { GlueClient } from '@aws-sdk/client-glue';
import { S3Client } from '@aws-sdk/client-s3';
import { GlueCatalog } from '../../lib/adapters/catalog';
import { S3ObjectStore } from '../../lib/adapters/objectStore';
import { commitSettingsSchema } from '../../lib/tasks/commit/commitSettingsSchema';
import { commitTask } from '../../lib/tasks/commit/commitTask';
import { bindTask } from '../../lib/tasks/Task';
import { parseTaskSettings } from '../../lib/tasks/taskSettings';

/** The commit state of both pipelines (`commitTask`) on S3 and Glue. */
export const handler = bindTask(commitTask, {
  objectStore: new S3ObjectStore({ client: new S3Client({}) }),
  catalog: new GlueCatalog(new GlueClient({})),
  settings: parseTaskSettings(commitSettingsSchema),
  logger: new Logger({ serviceName: 'datalake-commit' }),
  now: Date.now,
});
