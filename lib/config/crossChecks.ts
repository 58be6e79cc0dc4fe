import type { z } from 'zod';
import { DEFAULT_POOL } from './pool';

/** The parts of the whole config that the cross-checks read. */
export interface CheckedLakeConfig {
  readonly pools: readonly { readonly name: string }[];
  readonly sources: readonly {
    readonly name: string;
    readonly includeTables: 'all' | 'listed';
    readonly tables: readonly { readonly pool: string }[];
  }[];
  readonly streams: readonly { readonly name: string; readonly kafkaTopic: string }[];
}

/** Pool of the tables a source extracts without listing them. */

/** Adds an issue on every item whose `key` repeats an earlier item's, naming the first one. */
function checkUnique<T>(
  items: readonly T[],
  list: string,
  key: string,
  keyOf: (item: T) => string,
  ctx: z.RefinementCtx,
): void {
  const firstIndex = new Map<string, number>();
  items.forEach((item, index) => {
    const value = keyOf(item);
    const first = firstIndex.get(value);
    if (first === undefined) {
      firstIndex.set(value, index);
      return;
    }
    ctx.addIssue({
      code: 'custom',
      path: [list, index, key],
      message: `received ${JSON.stringify(value)}, already used by ${list}[${first}]; allowed: a ${key} used once`,
    });
  });
}

/**
 * Checks that need the whole config: unique source, pool and stream names and
 * Kafka topics, and every pool a table runs in defined in `pools`.
 */
export function checkLakeConfig(config: CheckedLakeConfig, ctx: z.RefinementCtx): void {
  checkUnique(config.sources, 'sources', 'name', (source) => source.name, ctx);
  checkUnique(config.pools, 'pools', 'name', (pool) => pool.name, ctx);
  checkUnique(config.streams, 'streams', 'name', (stream) => stream.name, ctx);
  checkUnique(config.streams, 'streams', 'kafkaTopic', (stream) => stream.kafkaTopic, ctx);

  const pools = new Set(config.pools.map((pool) => pool.name));
  const defined = `defined pools: ${[...pools].join(', ')}`;
  config.sources.forEach((source, sourceIndex) => {
    source.tables.forEach((table, tableIndex) => {
      if (!pools.has(table.pool)) {
        ctx.addIssue({
          code: 'custom',
          path: ['sources', sourceIndex, 'tables', tableIndex, 'pool'],
          message: `received ${JSON.stringify(table.pool)}${table.pool === DEFAULT_POOL ? ' (the default)' : ''}, which pools does not define; allowed: ${defined}`,
        });
      }
    });
    if (source.includeTables === 'all' && !pools.has(DEFAULT_POOL)) {
      ctx.addIssue({
        code: 'custom',
        path: ['sources', sourceIndex, 'includeTables'],
        message: `received "all", so tables not listed run in pool "${DEFAULT_POOL}", which pools does not define (${defined}); allowed: define a pool named ${DEFAULT_POOL}, or use "listed"`,
      });
    }
  });
}
