import { Logger } from '@aws-lambda-powertools/logger';
import { GlueClient } from '@aws-sdk/client-glue';
import { S3Client } from '@aws-sdk/client-s3';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { GlueCatalog } from '../../lib/adapters/catalog';
import { SecretReplicaReaders } from '../../lib/adapters/database/SecretReplicaReaders';
import { S3ObjectStore } from '../../lib/adapters/objectStore';
import { SecretsManagerSecretReader } from '../../lib/adapters/secrets';
import { S3WatermarkStore } from '../../lib/adapters/watermark';
import { replicaConnection } from '../../lib/tasks/replicaConnectionSettings';
import { replicaPlanSettingsSchema } from '../../lib/tasks/replicaPlan/replicaPlanSettingsSchema';
import { replicaPlanTask } from '../../lib/tasks/replicaPlan/replicaPlanTask';
import { bindTask } from '../../lib/tasks/Task';
import { parseTaskSettings } from '../../lib/tasks/taskSettings';

// Settings and clients once per container; the plan opens and closes its replica sessions per call.
const settings = parseTaskSettings(replicaPlanSettingsSchema);
const s3 = new S3Client({});

/** The replica plan Lambda (`replicaPlanTask`: steps `lag` and `plan`) on the replicas, S3 and Glue. */
export const handler = bindTask(replicaPlanTask, {
  replicas: new SecretReplicaReaders({
    secrets: new SecretsManagerSecretReader(new SecretsManagerClient({})),
    ...replicaConnection(settings),
  }),
  objectStore: new S3ObjectStore({ client: s3 }),
  catalog: new GlueCatalog(new GlueClient({})),
  watermarks: new S3WatermarkStore({ client: s3, bucket: settings.CURATED_BUCKET }),
  settings,
  logger: new Logger({ serviceName: 'datalake-replica-plan' }),
});
