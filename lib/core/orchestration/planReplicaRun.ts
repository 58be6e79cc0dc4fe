import type { SourceConfig, TableConfig } from '../../config';
import type { CommittedWatermark } from '../commit/committedWatermark';
import { DataLakeError } from '../errors';
import type { ExtractPlan } from '../extract/ExtractPlan';
import { type FoundTable, unlistedTableMode, unlistedTables } from '../pipeline/plan/unlistedTables';
import type { ReplicaChunkItem, ReplicaRunPlan, ReplicaTableItem } from './ReplicaRunPlan';
import { replicaTables } from './replicaTables';

/** What the plan reads of an incremental table: its committed state and the version of its claim. */
export interface ReplicaWatermark {
  /** The committed run and its recorded watermark (`committedWatermark`). @default - nothing committed yet */
  readonly committed?: CommittedWatermark;
  /** The version of the table's stored claim, which the claim before the commit must still find. @default - never claimed */
  readonly claimEtag?: string;
}

/** The I/O {@link planReplicaRun} delegates: reading watermarks and planning one table on the replica. */
export interface PlanReplicaRunDeps {
  /** An incremental table's committed state and claim version. */
  readWatermark(table: TableConfig): Promise<ReplicaWatermark>;
  /** Plans one table (`planExtract` on the replica reader) from its committed state. */
  planTable(table: TableConfig, committed: CommittedWatermark | undefined): Promise<ExtractPlan>;
  /** The base tables of the replica's database (`SOURCE_TABLES_SQL`); read only with `includeTables: all`. */
  listTables(): Promise<readonly FoundTable[]>;
}

/**
 * Plans a replica run of `source`: each replica-query/incremental table in turn (an incremental
 * one from its committed watermark; with `includeTables: all` and `defaultMode: replica-query`, also
 * every other table of the replica's database but `excludeTables`, with defaults), then the chunk work list per pool with the highest-priority
 * tables' chunks first (ties keep config order), which is the order the pool's Map starts them in.
 * A table with no chunk this run (an empty incremental window) is still committed, as an empty run.
 * Consecutive chunks of a pool go to the replicas in turn (`replicaHosts`), so the chunks running
 * at once are spread over every replica the source has.
 *
 * @example
 * ```ts
 * const run = await planReplicaRun(source, runId, {
 *   readWatermark: async (table) => ({ committed: { runId: '20261122T040000Z', value: '4711' }, claimEtag: '"v1"' }),
 *   planTable: (table, committed) => planExtract({ source, table, runId, runStart, committed }, { reader }),
 * }, ['replica-1.example', 'replica-2.example']);
 * run.pools.small; // [{ table: 0, chunk: {…}, replica: 0 }, { table: 0, chunk: {…}, replica: 1 }, …]
 * ```
 */
export async function planReplicaRun(
  source: SourceConfig,
  runId: string,
  deps: PlanReplicaRunDeps,
  replicaHosts: readonly string[],
): Promise<ReplicaRunPlan> {
  if (replicaHosts.length === 0) {
    throw new DataLakeError(
      `Replica run of ${source.name}: no replica host to read from; allowed: one or more`,
    );
  }
  const configured = [
    ...replicaTables(source),
    ...(unlistedTableMode(source) === 'replica-query' ? unlistedTables(source, await deps.listTables()) : []),
  ];
  const tables: ReplicaTableItem[] = [];
  const extracts: ExtractPlan[] = [];
  const warnings: string[] = [];
  for (const table of configured) {
    const watermark = table.mode === 'incremental' ? await deps.readWatermark(table) : undefined;
    const extract = await deps.planTable(table, watermark?.committed);
    warnings.push(...extract.warnings);
    tables.push({
      plan: extract.plan,
      pool: table.pool,
      chunks: extract.chunks.length,
      ...(extract.watermark === undefined
        ? {}
        : {
            watermark: {
              source: source.name,
              table: table.name,
              value: extract.watermark.through,
              runId,
              ...(watermark?.claimEtag === undefined ? {} : { etag: watermark.claimEtag }),
            },
          }),
    });
    extracts.push(extract);
  }
  const order = configured
    .map((table, index) => ({ table, index }))
    .sort((a, b) => b.table.priority - a.table.priority || a.index - b.index);
  const pools: Record<string, ReplicaChunkItem[]> = {};
  for (const { table, index } of order) {
    const chunks = extracts[index]?.chunks ?? [];
    if (chunks.length === 0) continue;
    const pool = pools[table.pool] ?? [];
    for (const chunk of chunks)
      pool.push({ table: index, chunk, replica: pool.length % replicaHosts.length });
    pools[table.pool] = pool;
  }
  return { runId, replicaHosts: [...replicaHosts], tables, pools, warnings };
}
