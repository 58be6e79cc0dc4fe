import { commitLayout } from '../../../lib/core/commit';

describe('commitLayout', () => {
  it('adds the run partition key after the plan keys of an incremental table', () => {
    // Act
    const layout = commitLayout('incremental', ['created_at_month']);

    // Assert
    expect(layout.partitionKeys).toEqual(['created_at_month', 'run']);
  });

  it('accumulates the runs of an incremental table: retention deletes none of them', () => {
    // Act
    const layout = commitLayout('incremental', []);

    // Assert
    expect(layout).toEqual({ partitionKeys: ['run'], accumulatesRuns: true });
  });

  it.each(['snapshot-export', 'replica-query', undefined] as const)(
    'keeps the plan keys and replaces runs for mode %s',
    (mode) => {
      // Act
      const layout = commitLayout(mode, ['month']);

      // Assert
      expect(layout).toEqual({ partitionKeys: ['month'], accumulatesRuns: false });
    },
  );
});
