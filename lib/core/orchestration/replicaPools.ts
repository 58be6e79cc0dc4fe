import { DEFAULT_POOL, type PoolConfig, type SourceConfig } from '../../config';
import { unlistedTableMode } from '../pipeline/plan/unlistedTables';
import { replicaTables } from './replicaTables';

/**
 * The pools the replica tables of `source` run in, in the config's pool order: one Parallel
 * branch each in the replica state machine, whose Map concurrency is the pool's size. With
 * `includeTables: all` and `defaultMode: replica-query`, the default pool too.
 *
 * @param pools every pool of the config
 * @example
 * ```ts
 * replicaPools(source, config.pools).map((pool) => pool.name); // ['small']
 * ```
 */
export function replicaPools(source: SourceConfig, pools: readonly PoolConfig[]): PoolConfig[] {
  const used = new Set(replicaTables(source).map((table) => table.pool));
  // Tables found on the replica at plan time run in the default pool.
  if (unlistedTableMode(source) === 'replica-query') used.add(DEFAULT_POOL);
  return pools.filter((pool) => used.has(pool.name));
}
