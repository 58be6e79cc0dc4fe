import { Logger } from '@aws-lambda-powertools/logger';
import { GlueClient } from '@aws-sdk/client-glue';
import { S3Client } from '@aws-sdk/client-s3';
import { GlueCatalog } from '../../lib/adapters/catalog';
import { PowertoolsMetricsPublisher } from '../../lib/adapters/metrics';
import { S3ObjectStore } from '../../lib/adapters/objectStore';
import { commitSettingsSchema } from '../../lib/tasks/commit/commitSettingsSchema';
import { commitTask } from '../../lib/tasks/commit/commitTask';
import { bindTask } from '../../lib/tasks/Task';
import { parseTaskSettings } from '../../lib/tasks/taskSettings';

const settings = parseTaskSettings(commitSettingsSchema);

/** The commit state of both pipelines (`commitTask`) on S3 and Glue, its metrics to CloudWatch (EMF). */
export const handler = bindTask(commitTask, {
  objectStore: new S3ObjectStore({ client: new S3Client({}) }),
  catalog: new GlueCatalog(new GlueClient({})),
  settings,
  logger: new Logger({ serviceName: 'datalake-commit' }),
  metrics: new PowertoolsMetricsPublisher(settings.POWERTOOLS_METRICS_NAMESPACE),
  now: Date.now,
});
