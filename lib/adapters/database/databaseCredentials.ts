import { DataLakeError } from '../../core/errors';
import type { SecretReader } from '../secrets';

/** A database login from a secret in the RDS secret JSON shape. */
export interface DatabaseCredentials {
  readonly username: string;
  readonly password: string;
}

/**
 * The username and password of the secret (`{"username": …, "password": …}`, the shape RDS and
 * Secrets Manager's rotation templates use; other keys such as `host` are ignored: the lake
 * connects to its own replica endpoint). Cached as long as the reader caches the secret.
 *
 * @throws DataLakeError naming the secret when it is not JSON or lacks a string username/password (the values are never printed)
 * @example
 * ```ts
 * const { username, password } = await databaseCredentials(secrets, 'arn:aws:secretsmanager:…:secret:service-reader');
 * ```
 */
export async function databaseCredentials(
  secrets: SecretReader,
  secretId: string,
): Promise<DatabaseCredentials> {
  const text = await secrets.getSecretString(secretId);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new DataLakeError(`Secret ${secretId} is not JSON; allowed: {"username": "…", "password": "…"}`, {
      cause: error,
    });
  }
  const record = typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
  const { username, password } = record;
  if (typeof username !== 'string' || username === '' || typeof password !== 'string') {
    throw new DataLakeError(
      `Secret ${secretId} has keys [${Object.keys(record).join(', ')}]; allowed: a non-empty string "username" and a string "password"`,
    );
  }
  return { username, password };
}
