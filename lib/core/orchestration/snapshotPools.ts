import type { PoolConfig, SourceConfig } from '../../config';

/** The pool tables not listed in the config run in. */
const DEFAULT_POOL = 'default';

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
  if (source.includeTables === 'all' && source.defaultMode === 'snapshot-export') used.add(DEFAULT_POOL);
  return pools.filter((pool) => used.has(pool.name));
}
