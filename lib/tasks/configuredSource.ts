import { parseConfig, type SourceConfig } from '../config';
import { DataLakeError } from '../core/errors';

/**
 * The source a plan task's event names, from the config subset the same event carries (`{ name,
 * pools, sources: [source] }`, embedded by the stack: Lambda caps a function's environment at
 * 4 KB), validated again with the config schema.
 *
 * @param input names the event in a config error, e.g. 'the replica plan task input'
 * @throws ConfigError when `config` is not a valid config
 * @throws DataLakeError when no source of `config` is named `name`
 * @example
 * ```ts
 * const source = configuredSource(event.config, event.source, 'the replica plan task input');
 * ```
 */
export function configuredSource(config: unknown, name: string, input: string): SourceConfig {
  const sources = parseConfig(config, input).sources;
  const source = sources.find((candidate) => candidate.name === name);
  if (source === undefined) {
    throw new DataLakeError(
      `Unknown source "${name}" in ${input}; allowed: ${sources.map((s) => `"${s.name}"`).join(', ') || 'none (the config has no source)'}`,
    );
  }
  return source;
}
