import { z } from 'zod';
import { textSetting } from './settingSchemas';

const PORT = 'allowed: a port number from 1 to 65535';
const SECRET_ARN = 'allowed: a Secrets Manager secret ARN (arn:aws:secretsmanager:…)';

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
};
