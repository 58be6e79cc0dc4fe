import type { DuckDBConnection } from '@duckdb/node-api';
import { MASK_SALT_VARIABLE } from '../core/transform';

/**
 * Sets the `hash` mask's salt on a connection as a bound parameter, so the secret never
 * appears in SQL text, logs or error messages.
 *
 * @example
 * ```ts
 * await setMaskSalt(connection, await secrets.getSecretString(saltSecretArn));
 * ```
 */
export async function setMaskSalt(connection: DuckDBConnection, salt: string): Promise<void> {
  await connection.run(`SET VARIABLE ${MASK_SALT_VARIABLE} = $1`, [salt]);
}
