import type { ConfigIssue } from '../../core/errors';
import type { PipelineBaseProps } from './PipelineBaseProps';

/**
 * The issue every per-source pipeline reports when its `source` is not one of `config.sources`
 * (the config embedded in its state machine would not know it): none when it is.
 */
export function foreignSourceIssues({
  source,
  config,
}: Pick<PipelineBaseProps, 'source' | 'config'>): ConfigIssue[] {
  if (config.sources.includes(source)) return [];
  return [
    {
      path: 'source',
      message: `got source "${source.name}", which is not one of config.sources (${config.sources.map((s) => s.name).join(', ')})`,
    },
  ];
}
