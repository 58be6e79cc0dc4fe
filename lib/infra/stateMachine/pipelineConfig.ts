import type { DataLakeConfig, SourceConfig } from '../../config';

/**
 * The lake config a pipeline's plan task receives: the name, the pools and this source, as plain
 * JSON (no `undefined`), which the plan Lambda validates again with `parseConfig`. It travels in
 * the task input because Lambda caps a function's environment at 4 KB.
 *
 * @example
 * ```ts
 * sfn.TaskInput.fromObject({ config: pipelineConfig(config, source), source: source.name });
 * ```
 */
export function pipelineConfig(config: DataLakeConfig, source: SourceConfig): Record<string, unknown> {
  return JSON.parse(JSON.stringify({ name: config.name, pools: config.pools, sources: [source] }));
}
