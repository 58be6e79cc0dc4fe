/**
 * Writes schema/datalake-config.schema.json from the zod config schema.
 * With `--check`, writes nothing and exits 1 when the committed file is stale.
 *
 * Usage: `npm run schema` or `npm run schema -- --check`.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { configJsonSchemaText } from '../lib/config/configJsonSchema';

const SCHEMA_PATH = resolve(__dirname, '..', 'schema', 'datalake-config.schema.json');
const shown = relative(process.cwd(), SCHEMA_PATH);
const generated = configJsonSchemaText();

if (process.argv.includes('--check')) {
  const committed = existsSync(SCHEMA_PATH) ? readFileSync(SCHEMA_PATH, 'utf8') : undefined;
  if (committed !== generated) {
    console.error(`${shown} is stale: run \`npm run schema\` and commit the result.`);
    process.exit(1);
  }
  console.log(`${shown} is up to date.`);
} else {
  mkdirSync(dirname(SCHEMA_PATH), { recursive: true });
  writeFileSync(SCHEMA_PATH, generated);
  console.log(`Wrote ${shown}.`);
}
