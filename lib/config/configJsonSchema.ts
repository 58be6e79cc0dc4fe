import * as z from 'zod';
import { lakeConfigSchema } from './lakeConfig';

/**
 * The JSON Schema of the config file as a user writes it (the input side, so
 * defaulted keys are optional), for editors and other tools. Checks that
 * combine several keys (duplicate names, undefined pools) are not in it; only
 * `parseConfig` runs them.
 *
 * @example
 * ```ts
 * writeFileSync('schema/datalake-config.schema.json', configJsonSchemaText());
 * ```
 */
export function configJsonSchemaText(): string {
  const schema = z.toJSONSchema(lakeConfigSchema, { io: 'input', target: 'draft-07' });
  return `${JSON.stringify(schema, null, 2)}\n`;
}
