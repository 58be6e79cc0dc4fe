import { readdirSync } from 'node:fs';
import { join } from 'node:path';

/** The repository's config folder. */
export const CONFIG_DIR = join(__dirname, '../../config');

/** The shipped configs, relative to {@link CONFIG_DIR}: config/*.yaml and one per deployment shape in config/examples/. */
export const EXAMPLE_CONFIGS: readonly string[] = [
  ...readdirSync(CONFIG_DIR).filter((file) => file.endsWith('.yaml')),
  ...readdirSync(join(CONFIG_DIR, 'examples')).map((file) => join('examples', file)),
];
