import * as z from 'zod';
import type { ReplicaTimeouts } from '../core/extract/ReplicaTimeouts';
import type { SourceEngine } from '../core/types';
import { textSetting } from './settingSchemas';

const PORT = 'allowed: a port number from 1 to 65535';
const SECRET_ARN = 'allowed: a Secrets Manager secret ARN (arn:aws:secretsmanager:…)';

/** Whole seconds from 1, the shape of the config's `timeouts` keys. */
function secondsSetting(key: string) {
  const allowed = `allowed: a whole number of seconds from 1 (config timeouts.${key})`;
  return z
    .string({ error: allowed })
    .regex(/^[1-9]\d*$/, allowed)
    .transform(Number);
}

/**
 * The settings of a function that reads the source's read replicas (the replica plan and the
 * extract), keyed by environment variable: how to reach a replica but its host, which is a list
 * for the plan and the chunk's own for the extract. Each task's settings schema spreads these.
 */
export const replicaConnectionSettings = {
  /** The source's engine (config `engine`): a typo must not read a PostgreSQL replica as MySQL. */
  REPLICA_ENGINE: z.enum(['mysql', 'postgres'], { error: 'allowed: mysql or postgres' }),
  /** The replicas' port. */
  REPLICA_PORT: z
    .string({ error: PORT })
    .regex(/^[1-9]\d*$/, PORT)
    .transform(Number)
    .pipe(z.int().max(65535, PORT)),
  /** The database the tables are read from (config `database`). */
  REPLICA_DATABASE: textSetting('allowed: the name of the database the tables are read from'),
  /** The secret holding the read-only user's `username` and `password` (config `credentialsSecretArn`). */
  CREDENTIALS_SECRET_ARN: z.string({ error: SECRET_ARN }).regex(/^arn:[\w-]+:secretsmanager:/, SECRET_ARN),
  /** Config `timeouts.connectSeconds`: longest wait to open a replica session. */
  REPLICA_CONNECT_TIMEOUT_SECONDS: secondsSetting('connectSeconds'),
  /** Config `timeouts.statementSeconds`: longest one statement (a chunk's whole stream) may run. */
  REPLICA_STATEMENT_TIMEOUT_SECONDS: secondsSetting('statementSeconds'),
  /** Config `timeouts.idleSeconds`: longest a chunk's stream may get no byte from the server. */
  REPLICA_IDLE_TIMEOUT_SECONDS: secondsSetting('idleSeconds'),
};

/** What a replica function's parsed settings say about reaching the replica: all but its host. */
export interface ReplicaConnection {
  readonly credentialsSecretArn: string;
  readonly engine: SourceEngine;
  readonly port: number;
  readonly database: string;
  readonly timeouts: ReplicaTimeouts;
}

/**
 * How to reach the replica, from a replica function's parsed settings (the keys of
 * {@link replicaConnectionSettings}): one mapping for every handler that opens replica sessions.
 *
 * @example
 * ```ts
 * new SecretReplicaReaders({ secrets, ...replicaConnection(settings) });
 * ```
 */
export function replicaConnection(settings: {
  readonly CREDENTIALS_SECRET_ARN: string;
  readonly REPLICA_ENGINE: SourceEngine;
  readonly REPLICA_PORT: number;
  readonly REPLICA_DATABASE: string;
  readonly REPLICA_CONNECT_TIMEOUT_SECONDS: number;
  readonly REPLICA_STATEMENT_TIMEOUT_SECONDS: number;
  readonly REPLICA_IDLE_TIMEOUT_SECONDS: number;
}): ReplicaConnection {
  return {
    credentialsSecretArn: settings.CREDENTIALS_SECRET_ARN,
    engine: settings.REPLICA_ENGINE,
    port: settings.REPLICA_PORT,
    database: settings.REPLICA_DATABASE,
    timeouts: {
      connectSeconds: settings.REPLICA_CONNECT_TIMEOUT_SECONDS,
      statementSeconds: settings.REPLICA_STATEMENT_TIMEOUT_SECONDS,
      idleSeconds: settings.REPLICA_IDLE_TIMEOUT_SECONDS,
    },
  };
}
