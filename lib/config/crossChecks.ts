import type * as z from 'zod';
import { DEFAULT_POOL } from './pool';
import { type ExtractMode, effectiveMode } from './sourceDefaults';

/** The parts of the whole config that the cross-checks read. */
export interface CheckedLakeConfig {
  readonly network: { readonly vpcId?: string };
  readonly pools: readonly { readonly name: string }[];
  readonly sources: readonly {
    readonly name: string;
    readonly primary: { readonly clusterIdentifier?: string };
    readonly defaultMode: ExtractMode;
    readonly includeTables: 'all' | 'listed';
    readonly tables: readonly { readonly pool: string; readonly mode?: ExtractMode }[];
    readonly cdc?: object;
  }[];
  readonly streams: readonly { readonly name: string; readonly kafkaTopic: string }[];
}

type CheckedSource = CheckedLakeConfig['sources'][number];

/** Whether any table of the source is read from its replicas (modes replica-query and incremental). */
function readsReplicas(source: CheckedSource): boolean {
  const modes = source.tables.map((table) => effectiveMode(table, source));
  if (source.includeTables === 'all') modes.push(source.defaultMode);
  return modes.some((mode) => mode === 'replica-query' || mode === 'incremental');
}

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
 * Kafka topics, every pool a table runs in defined in `pools`, and an imported VPC
 * wherever a source is reached through its own security group.
 */
export function checkLakeConfig(config: CheckedLakeConfig, ctx: z.RefinementCtx): void {
  if (config.sources.length === 0 && config.streams.length === 0) {
    ctx.addIssue({
      code: 'custom',
      path: ['sources'],
      message:
        'received no source and no stream; allowed: at least one source, or streams for a lake of client events only',
    });
  }
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
    // Aurora readers live in the cluster's own subnets and security group. The pipeline's
    // functions must be let in through that group, and EC2 accepts a security-group reference
    // only from the same VPC (or a peered one), so the lake must run in the cluster's VPC.
    // DMS Serverless runs in a replication subnet group of the lake's subnets and reaches the
    // primary through its security group ("Setting up a network for a replication instance": the
    // replication and the database in one VPC, or connected), so the lake must run in its VPC.
    if (source.cdc !== undefined && !config.network.vpcId) {
      ctx.addIssue({
        code: 'custom',
        path: ['sources', sourceIndex, 'cdc'],
        message:
          "received cdc settings, but network.vpcId is not set; allowed: set network.vpcId (with subnetIds, availabilityZones and endpoints) to the primary's VPC, since the DMS replication runs in the lake's subnets and reaches the primary through its security group, and EC2 refuses security-group references across VPCs",
      });
    }
    if (source.primary.clusterIdentifier !== undefined && readsReplicas(source) && !config.network.vpcId) {
      ctx.addIssue({
        code: 'custom',
        path: ['sources', sourceIndex, 'primary', 'clusterIdentifier'],
        message: `received "${source.primary.clusterIdentifier}" with tables read from its readers, but network.vpcId is not set; allowed: set network.vpcId (with subnetIds, availabilityZones and endpoints) to the cluster's VPC, since its readers are reached through the cluster's security group and EC2 refuses security-group references across VPCs`,
      });
    }
  });
}
