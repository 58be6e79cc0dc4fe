import type { PoolConfig, SourceConfig } from '../../config';
import { replicaTables } from './replicaTables';

/**
 * The pools the replica tables of `source` run in, in the config's pool order: one Parallel
 * branch each in the replica state machine, whose Map concurrency is the pool's size.
 *
 * @param pools every pool of the config
 * @example
 * ```ts
 * replicaPools(source, config.pools).map((pool) => pool.name); // ['small']
 * ```
 */
export function replicaPools(source: SourceConfig, pools: readonly PoolConfig[]): PoolConfig[] {
  const used = new Set(replicaTables(source).map((table) => table.pool));
  return pools.filter((pool) => used.has(pool.name));
}
