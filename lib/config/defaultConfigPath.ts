import { resolve } from 'node:path';

/**
 * Absolute path of the example config, `config/marketplace.yaml` at the repo
 * root. Resolved from this module's folder so it holds under tsx, jest and the
 * CDK app alike, whatever the working directory.
 */
export const DEFAULT_CONFIG_PATH = resolve(__dirname, '..', '..', 'config', 'marketplace.yaml');
