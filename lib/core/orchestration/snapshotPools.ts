import { DEFAULT_POOL, type PoolConfig, type SourceConfig } from '../../config';
import { unlistedTableMode } from '../pipeline/plan/unlistedTables';

/**
 * The pools the snapshot-export tables of `source` run in, in the config's pool
 * order: one Parallel branch each in the state machine. With `includeTables: all`
 * the `default` pool is included, since tables found only at run time run there.
 *
 * @param pools every pool of the config
 * @example
 * ```ts
 * snapshotPools(source, config.pools).map((pool) => pool.name); // ['small', 'large']
 * ```
 */
export function snapshotPools(source: SourceConfig, pools: readonly PoolConfig[]): PoolConfig[] {
  const used = new Set(
    source.tables.filter((table) => table.mode === 'snapshot-export').map((table) => table.pool),
  );
  if (unlistedTableMode(source) === 'snapshot-export') used.add(DEFAULT_POOL);
  return pools.filter((pool) => used.has(pool.name));
}
