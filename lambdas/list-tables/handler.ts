import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SecretReplicaReaders } from '../../lib/adapters/database/SecretReplicaReaders';
import { SecretsManagerSecretReader } from '../../lib/adapters/secrets';
import { listTablesSettingsSchema } from '../../lib/tasks/listTables/listTablesSettingsSchema';
import { listTablesTask } from '../../lib/tasks/listTables/listTablesTask';
import { replicaConnection } from '../../lib/tasks/replicaConnectionSettings';
import { bindTask } from '../../lib/tasks/Task';
import { parseTaskSettings } from '../../lib/tasks/taskSettings';

// Settings and clients once per container; the task opens and closes its replica session per call.
const settings = parseTaskSettings(listTablesSettingsSchema);

/** The list-tables Lambda (`listTablesTask`) on the source's read replica, logged in with its secret over TLS. */
export const handler = bindTask(listTablesTask, {
  replicas: new SecretReplicaReaders({
    secrets: new SecretsManagerSecretReader(new SecretsManagerClient({})),
    ...replicaConnection(settings),
  }),
  settings,
});
