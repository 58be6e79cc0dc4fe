import { loadConfig } from '../../config';
import type { Output } from '../Output';

/**
 * `datalake validate-config <file>`: loads the config with every check the deploy runs and
 * prints `ok: <n> sources, <m> tables, <k> streams`.
 *
 * @throws ConfigError with every problem and its field path (the CLI prints them and exits 1)
 */
export function validateConfigCommand(file: string, output: Output): void {
  const config = loadConfig(file);
  const tables = config.sources.reduce((sum, source) => sum + source.tables.length, 0);
  output.out(`ok: ${config.sources.length} sources, ${tables} tables, ${config.streams.length} streams`);
}
