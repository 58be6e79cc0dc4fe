import { ConfigError } from '../core/errors';
import { configErrorMap } from './configErrorMap';
import { formatIssues } from './formatIssues';
import { type DataLakeConfig, lakeConfigSchema } from './lakeConfig';

/**
 * Validates a config object (parsed YAML or JSON) and fills in every default.
 *
 * Field problems are all reported together. Checks that combine several keys
 * (duplicate names, undefined pools, replica limits) run once every value has
 * the right type, so a config with type errors may show more problems after
 * those are fixed.
 *
 * @param input - the config object, e.g. from `yaml.parse`.
 * @param file - the file it came from, named in the error.
 * @throws {ConfigError} listing every problem, each with its path (`sources[0].tables[2].columns.email.mask`).
 * @example
 * ```ts
 * const config = parseConfig({ name: 'lake', sources: [...] });
 * config.sources[0].port; // 3306 for a mysql source without port
 * ```
 */
export function parseConfig(input: unknown, file?: string): DataLakeConfig {
  const result = lakeConfigSchema.safeParse(input, { error: configErrorMap, reportInput: true });
  if (!result.success) {
    throw new ConfigError(formatIssues(result.error.issues), { file, cause: result.error });
  }
  return result.data;
}
