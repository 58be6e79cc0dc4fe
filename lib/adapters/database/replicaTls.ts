import { readFile } from 'node:fs/promises';
import type { ReplicaTls } from './ReplicaEndpoint';

/**
 * TLS settings for the replica: the CA bundle read from `caBundlePath` (e.g. the RDS
 * `global-bundle.pem` shipped with the function, named by the `RDS_CA_BUNDLE` variable), or Node's
 * trusted store when no path is given. Either way the server certificate is verified.
 *
 * @example
 * ```ts
 * const tls = await replicaTls(process.env.RDS_CA_BUNDLE);
 * ```
 */
export async function replicaTls(caBundlePath?: string): Promise<ReplicaTls> {
  if (caBundlePath === undefined || caBundlePath === '') return {};
  return { ca: await readFile(caBundlePath, 'utf8') };
}
