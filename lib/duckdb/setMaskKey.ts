import type { DuckDBConnection } from '@duckdb/node-api';
import { hmacKeyPads, MASK_KEY_VARIABLES } from '../core/transform';

/**
 * Sets the `hash` mask's HMAC key on a connection: the padded key blocks of `key` (the salt
 * secret's string, as UTF-8), each bound as a parameter, so neither the secret nor its pads ever
 * appear in SQL text, logs or error messages.
 *
 * @example
 * ```ts
 * await setMaskKey(connection, await secrets.getSecretString(saltSecretArn));
 * ```
 */
export async function setMaskKey(connection: DuckDBConnection, key: string): Promise<void> {
  const pads = hmacKeyPads(key);
  await connection.run(`SET VARIABLE ${MASK_KEY_VARIABLES.innerPad} = from_hex($1)`, [
    Buffer.from(pads.inner).toString('hex'),
  ]);
  await connection.run(`SET VARIABLE ${MASK_KEY_VARIABLES.outerPad} = from_hex($1)`, [
    Buffer.from(pads.outer).toString('hex'),
  ]);
}
