import type { PoolConfig, SourceConfig } from '../../config';
import type { PipelineKind } from '../naming';
import { replicaPools } from '../orchestration/replicaPools';
import { snapshotPools } from '../orchestration/snapshotPools';

/**
 * The pipelines a source's stack deploys, as `SourceStack` decides: `snapshot` when a table is in
 * mode `snapshot-export`, `replica` when one is in `replica-query` or `incremental`.
 *
 * @example
 * ```ts
 * sourcePipelines(config.sources[0], config.pools); // ['snapshot', 'replica']
 * ```
 */
export function sourcePipelines(source: SourceConfig, pools: readonly PoolConfig[]): PipelineKind[] {
  return [
    ...(snapshotPools(source, pools).length > 0 ? (['snapshot'] as const) : []),
    ...(replicaPools(source, pools).length > 0 ? (['replica'] as const) : []),
  ];
}
