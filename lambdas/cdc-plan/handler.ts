import { GlueClient } from '@aws-sdk/client-glue';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { GlueCatalog } from '../../lib/adapters/catalog';
import { SecretReplicaReaders } from '../../lib/adapters/database/SecretReplicaReaders';
import { SecretsManagerSecretReader } from '../../lib/adapters/secrets';
import { cdcPlanSettingsSchema } from '../../lib/tasks/cdcPlan/cdcPlanSettingsSchema';
import { cdcPlanTask } from '../../lib/tasks/cdcPlan/cdcPlanTask';
import { replicaConnection } from '../../lib/tasks/replicaConnectionSettings';
import { bindTask } from '../../lib/tasks/Task';
import { parseTaskSettings } from '../../lib/tasks/taskSettings';

// Settings and clients once per container; the plan opens and closes its replica session per call.
const settings = parseTaskSettings(cdcPlanSettingsSchema);

/** The plan state of the cdc apply pipeline (`cdcPlanTask`) on the replica and Glue. */
export const handler = bindTask(cdcPlanTask, {
  replicas: new SecretReplicaReaders({
    secrets: new SecretsManagerSecretReader(new SecretsManagerClient({})),
    ...replicaConnection(settings),
  }),
  catalog: new GlueCatalog(new GlueClient({})),
  settings,
});
