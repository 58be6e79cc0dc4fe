import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import * as z from 'zod';
import { positiveIntegerEnv } from '../../../lib/adapters/env';
import { SecretsManagerSecretReader } from '../../../lib/adapters/secrets';
import { memoryLimitForLambda, openDuckdb } from '../../../lib/duckdb';
import { FileObjectStore } from '../../../lib/local/FileObjectStore';
import { replicaConnection, replicaConnectionSettings } from '../../../lib/tasks/replicaConnectionSettings';
import { textSetting } from '../../../lib/tasks/settingSchemas';
import { parseTaskSettings } from '../../../lib/tasks/taskSettings';
import { type ExtractBenchDeps, extractBenchTask } from '../checks/extractBenchTask';
import { forkMeasurement, isMeasurementChild, serveMeasurement } from '../checks/measurementChild';

/** The bench function's settings: the extract's replica settings and the replica's host. */
export const extractBenchSettingsSchema = z.object({
  ...replicaConnectionSettings,
  BENCH_REPLICA_HOST: textSetting('allowed: the replica host the bench reads'),
});

/** The bench function's environment, as IntegBenchStack writes it. */
export type ExtractBenchEnvironment = z.input<typeof extractBenchSettingsSchema>;

/** The function's memory, as the extract handler reads it. */
const memorySizeMb = () => positiveIntegerEnv('AWS_LAMBDA_FUNCTION_MEMORY_SIZE', 1024);

// This file is also the measuring child the handler forks (plain node on the bundle, as Lambda runs
// it): DuckDB opened as the extract handler opens it, the chunk's files kept in /tmp, then removed.
if (isMeasurementChild()) {
  serveMeasurement(async () => {
    const root = await mkdtemp(join(tmpdir(), 'extract-bench-'));
    return {
      objectStore: new FileObjectStore(join(root, 'lake')),
      duckdb: await openDuckdb({
        memoryLimit: memoryLimitForLambda(memorySizeMb()),
        tempDirectory: join(root, 'duckdb'),
      }),
      salt: 'bench-salt',
      tempRoot: root,
      close: () => rm(root, { recursive: true, force: true }),
    };
  });
}

let deps: ExtractBenchDeps | undefined;

/** Built on the first call, so the child above never needs the handler's settings. */
function awsDeps(): ExtractBenchDeps {
  const settings = parseTaskSettings(extractBenchSettingsSchema);
  return {
    secrets: new SecretsManagerSecretReader(new SecretsManagerClient({})),
    connection: replicaConnection(settings),
    host: settings.BENCH_REPLICA_HOST,
    tls: true,
    memorySizeMb: memorySizeMb(),
    measure: forkMeasurement(__filename, []),
  };
}

/** The integ check's extract bench (`extractBenchTask`) against the lake's replica. */
export const handler = (event: unknown) => {
  deps ??= awsDeps();
  return extractBenchTask(event, deps);
};
