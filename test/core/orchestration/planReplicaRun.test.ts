import type { TableConfig } from '../../../lib/config';
import type { CommittedWatermark } from '../../../lib/core/commit';
import type { ExtractChunk, ExtractPlan } from '../../../lib/core/extract';
import { planReplicaRun, type ReplicaWatermark } from '../../../lib/core/orchestration';
import type { FoundTable } from '../../../lib/core/pipeline/plan/unlistedTables';
import { parsedConfig, validSource, validTable } from '../../helpers/configFactory';
import { tablePlan } from '../../helpers/tablePlanFactory';

const source =
  parsedConfig({
    pools: [
      { name: 'small', maxConcurrency: 2 },
      { name: 'large', maxConcurrency: 4 },
    ],
    sources: [
      validSource({
        includeTables: 'listed',
        tables: [
          validTable({ name: 'users', mode: 'replica-query', pool: 'small' }),
          validTable({ name: 'snap', pool: 'small' }),
          validTable({
            name: 'orders',
            mode: 'incremental',
            watermarkColumn: 'id',
            pool: 'small',
            priority: 5,
          }),
          validTable({ name: 'items', mode: 'replica-query', pool: 'large' }),
        ],
      }),
    ],
  }).sources[0] ?? fail('no source');

const chunk = (index: number): ExtractChunk => ({ index, bounds: { kind: 'all' } });

/** Plans with `chunks[table]` chunks; orders gets a window from the committed watermark it is given. */
function deps(chunks: Record<string, number>, stored: ReplicaWatermark = {}, found: FoundTable[] = []) {
  const seen: { table: string; committed?: CommittedWatermark }[] = [];
  const read: string[] = [];
  let listed = 0;
  return {
    seen,
    listCalls: () => listed,
    listTables: async () => {
      listed += 1;
      return found;
    },
    read,
    readWatermark: async (table: TableConfig) => {
      read.push(table.name);
      return stored;
    },
    planTable: async (
      table: TableConfig,
      committed: CommittedWatermark | undefined,
    ): Promise<ExtractPlan> => {
      seen.push({ table: table.name, ...(committed ? { committed } : {}) });
      return {
        plan: tablePlan([], { table: table.name }),
        chunks: Array.from({ length: chunks[table.name] ?? 0 }, (_, index) => chunk(index)),
        ...(table.mode === 'incremental'
          ? {
              watermark: {
                column: 'id',
                kind: 'integer' as const,
                through: '30',
                ...(committed?.value === undefined ? {} : { after: committed.value }),
              },
            }
          : {}),
        warnings: table.name === 'users' ? ['users has no single-column primary key'] : [],
      };
    },
  };
}

describe('planReplicaRun', () => {
  it('plans only the replica-query and incremental tables, in config order', async () => {
    // Act
    const run = await planReplicaRun(source, '20261123T040000Z', deps({ users: 1, orders: 1, items: 1 }), [
      'replica-1',
    ]);

    // Assert
    expect(run.tables.map((table) => [table.plan.table, table.chunks])).toEqual([
      ['users', 1],
      ['orders', 1],
      ['items', 1],
    ]);
    expect(run.warnings).toEqual(['users has no single-column primary key']);
  });

  it('lists each pool’s chunks with the higher-priority table first, pointing at the table’s index', async () => {
    // Act
    const run = await planReplicaRun(source, '20261123T040000Z', deps({ users: 2, orders: 2, items: 1 }), [
      'replica-1',
    ]);

    // Assert
    expect(run.pools).toEqual({
      small: [
        { table: 1, chunk: chunk(0), replica: 0 },
        { table: 1, chunk: chunk(1), replica: 0 },
        { table: 0, chunk: chunk(0), replica: 0 },
        { table: 0, chunk: chunk(1), replica: 0 },
      ],
      large: [{ table: 2, chunk: chunk(0), replica: 0 }],
    });
  });

  it('plans an incremental table only from its committed watermark and owes its claim with the version read', async () => {
    // Arrange
    const committed = { runId: '20261122T040000Z', value: '20' };
    const d = deps({ orders: 1 }, { committed, claimEtag: '"v1"' });

    // Act
    const run = await planReplicaRun(source, '20261123T040000Z', d, ['replica-1']);

    // Assert
    expect(d.read).toEqual(['orders']);
    expect(d.seen).toEqual([{ table: 'users' }, { table: 'orders', committed }, { table: 'items' }]);
    expect(run.tables[1]?.watermark).toEqual({
      source: 'service',
      table: 'orders',
      value: '30',
      runId: '20261123T040000Z',
      etag: '"v1"',
    });
    expect(run.tables[0]?.watermark).toBeUndefined();
  });

  it('keeps a table with no chunk, with its pool, for its (empty) commit but gives its pool no chunk', async () => {
    // Act
    const run = await planReplicaRun(source, '20261123T040000Z', deps({ items: 1 }), ['replica-1']);

    // Assert
    expect(run.tables.map((table) => [table.plan.table, table.pool, table.chunks])).toEqual([
      ['users', 'small', 0],
      ['orders', 'small', 0],
      ['items', 'large', 1],
    ]);
    expect(run.pools).toEqual({ large: [{ table: 2, chunk: chunk(0), replica: 0 }] });
  });

  it('spreads each pool’s chunks over the replicas in turn, in the order the Map starts them', async () => {
    // Act
    const run = await planReplicaRun(source, '20261123T040000Z', deps({ users: 2, orders: 3, items: 1 }), [
      'replica-1',
      'replica-2',
    ]);

    // Assert
    expect(run.replicaHosts).toEqual(['replica-1', 'replica-2']);
    expect(run.pools.small?.map((item) => [item.table, item.replica])).toEqual([
      [1, 0],
      [1, 1],
      [1, 0],
      [0, 1],
      [0, 0],
    ]);
    expect(run.pools.large?.map((item) => item.replica)).toEqual([0]);
  });

  it('refuses to plan without a replica host', async () => {
    await expect(planReplicaRun(source, '20261123T040000Z', deps({ users: 1 }), [])).rejects.toThrow(
      /no replica host to read from/,
    );
  });

  it('reads the replica’s table list only with includeTables: all', async () => {
    // Arrange
    const d = deps({ users: 1 }, undefined, [{ schema: 'service', table: 'audit' }]);

    // Act
    const run = await planReplicaRun(source, '20261123T040000Z', d, ['replica-1']);

    // Assert
    expect(d.listCalls()).toBe(0);
    expect(run.tables.map((table) => table.plan.table)).toEqual(['users', 'orders', 'items']);
  });

  it('adds every unlisted, not excluded table of the replica in the default pool with includeTables: all', async () => {
    // Arrange
    const all =
      parsedConfig({
        sources: [
          validSource({
            includeTables: 'all',
            defaultMode: 'replica-query',
            excludeTables: ['sessions'],
            tables: [validTable({ name: 'users', columns: { email: { mask: 'hash' } } })],
          }),
        ],
      }).sources[0] ?? fail('no source');
    const found = ['audit', 'sessions', 'users', 'zones'].map((table) => ({ schema: 'service', table }));
    const d = deps({ users: 1, audit: 2, zones: 1 }, undefined, found);

    // Act
    const run = await planReplicaRun(all, '20261123T040000Z', d, ['replica-1']);

    // Assert
    expect(run.tables.map((table) => [table.plan.table, table.chunks])).toEqual([
      ['users', 1],
      ['audit', 2],
      ['zones', 1],
    ]);
    expect(run.pools.default?.map((item) => item.table)).toEqual([0, 1, 1, 2]);
  });
});
