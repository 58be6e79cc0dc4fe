import { GlueClient } from '@aws-sdk/client-glue';
import { S3Client } from '@aws-sdk/client-s3';
import { GlueCatalog } from '../../lib/adapters/catalog';
import { S3ObjectStore } from '../../lib/adapters/objectStore';
import { planSettingsSchema } from '../../lib/tasks/plan/planSettingsSchema';
import { planTask } from '../../lib/tasks/plan/planTask';
import { bindTask } from '../../lib/tasks/Task';
import { parseTaskSettings } from '../../lib/tasks/taskSettings';

/** The plan state of the snapshot pipeline (`planTask`) on S3 and Glue. */
export const handler = bindTask(planTask, {
  objectStore: new S3ObjectStore({ client: new S3Client({}) }),
  catalog: new GlueCatalog(new GlueClient({})),
  settings: parseTaskSettings(planSettingsSchema),
});
