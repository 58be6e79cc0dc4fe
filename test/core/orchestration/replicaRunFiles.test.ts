import type { ExtractChunk } from '../../../lib/core/extract';
import {
  type ReplicaRunPlan,
  replicaRunFiles,
  replicaRunKeyPattern,
  replicaRunKeys,
} from '../../../lib/core/orchestration';
import { tablePlan } from '../../helpers/tablePlanFactory';

const RUN_ID = '20261123T040000Z';
const chunk = (index: number): ExtractChunk => ({ index, bounds: { kind: 'all' } });

/**
 * Three tables; pool small holds orders' two chunks then users' one, over two replicas; pool
 * large holds items, with nothing to read this run.
 */
function plan(): ReplicaRunPlan {
  return {
    runId: RUN_ID,
    replicaHosts: ['replica-1', 'replica-2'],
    tables: [
      { plan: tablePlan([], { table: 'users' }), pool: 'small', chunks: 1 },
      { plan: tablePlan([], { table: 'orders' }), pool: 'small', chunks: 2 },
      { plan: tablePlan([], { table: 'items' }), pool: 'large', chunks: 0 },
    ],
    pools: {
      small: [
        { table: 1, chunk: chunk(0), replica: 0 },
        { table: 1, chunk: chunk(1), replica: 1 },
        { table: 0, chunk: chunk(0), replica: 0 },
      ],
    },
    warnings: ['users has no single-column primary key'],
  };
}

describe('replicaRunKeys', () => {
  it('puts every object of a run under replica-runs/<source>/<run id>/, which the IAM pattern covers', () => {
    // Act
    const keys = replicaRunKeys('service', RUN_ID);

    // Assert
    expect([keys.tables('small'), keys.chunks('small'), keys.failures]).toEqual([
      `replica-runs/service/${RUN_ID}/tables/small.json`,
      `replica-runs/service/${RUN_ID}/chunks/small.json`,
      `replica-runs/service/${RUN_ID}/failures/`,
    ]);
    expect(replicaRunKeyPattern('service')).toBe('replica-runs/service/*');
  });

  it('refuses a run id that is not one, naming it', () => {
    // Act / Assert
    expect(() => replicaRunKeys('service', '../x')).toThrow(/Invalid run id: received "\.\.\/x"/);
  });
});

describe('replicaRunFiles', () => {
  it('stores each pool’s chunks in order, each with its table’s plan and host, and its tables, a pool with nothing to read included', () => {
    // Act
    const { files } = replicaRunFiles(plan(), 'service', 'raw-bucket');

    // Assert
    expect(files.map((file) => file.key)).toEqual([
      `replica-runs/service/${RUN_ID}/chunks/small.json`,
      `replica-runs/service/${RUN_ID}/tables/small.json`,
      `replica-runs/service/${RUN_ID}/chunks/large.json`,
      `replica-runs/service/${RUN_ID}/tables/large.json`,
    ]);
    expect(files[1]?.value).toEqual(plan().tables.slice(0, 2));
    expect(files[2]?.value).toEqual([]);
    expect(files[3]?.value).toEqual(plan().tables.slice(2));
    expect(files[0]?.value).toEqual([
      { plan: tablePlan([], { table: 'orders' }), chunk: chunk(0), host: 'replica-1' },
      { plan: tablePlan([], { table: 'orders' }), chunk: chunk(1), host: 'replica-2' },
      { plan: tablePlan([], { table: 'users' }), chunk: chunk(0), host: 'replica-1' },
    ]);
  });

  it('returns a manifest of keys and counts only, whatever the number of chunks', () => {
    // Arrange
    const big = plan();
    const many = Array.from({ length: 50_000 }, (_, index) => ({
      table: 1,
      chunk: chunk(index),
      replica: index % 2,
    }));

    // Act
    const { manifest } = replicaRunFiles({ ...big, pools: { small: many } }, 'service', 'raw-bucket');

    // Assert
    expect(manifest).toEqual({
      runId: RUN_ID,
      bucket: 'raw-bucket',
      pools: {
        small: {
          key: `replica-runs/service/${RUN_ID}/chunks/small.json`,
          chunks: 50_000,
          tables: { key: `replica-runs/service/${RUN_ID}/tables/small.json`, count: 2 },
        },
        large: {
          key: `replica-runs/service/${RUN_ID}/chunks/large.json`,
          chunks: 0,
          tables: { key: `replica-runs/service/${RUN_ID}/tables/large.json`, count: 1 },
        },
      },
      failures: `replica-runs/service/${RUN_ID}/failures/`,
      warnings: 1,
    });
  });

  it('refuses a chunk item naming a table the plan does not have', () => {
    // Arrange
    const broken = { ...plan(), pools: { small: [{ table: 7, chunk: chunk(0), replica: 0 }] } };

    // Act / Assert
    expect(() => replicaRunFiles(broken, 'service', 'raw-bucket')).toThrow(
      /Replica run 20261123T040000Z: a chunk item names table 7; allowed: 0 to 2/,
    );
  });
});
