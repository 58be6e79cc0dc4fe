import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';

/**
 * The salt of `mask: hash` for a local lake: made once at random and kept in `file`, so hashes
 * stay joinable across runs of the same lake (as the Secrets Manager salt does in AWS) and
 * differ between lakes.
 *
 * @example
 * ```ts
 * const salt = await localSalt('.local/lake/mask-salt');
 * ```
 */
export async function localSalt(file: string): Promise<string> {
  try {
    return (await readFile(file, 'utf8')).trim();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const salt = randomBytes(32).toString('hex');
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, `${salt}\n`, { mode: 0o600 });
  return salt;
}
