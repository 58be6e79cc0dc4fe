import { PipelineRunFailedError } from '../../lib/core/errors';

const RUN = {
  lake: 'demo',
  source: 'shop',
  pipeline: 'snapshot',
  stateMachine: 'demo-shop-snapshot',
  execution: 'r1',
  status: 'FAILED',
  startedAt: '2026-12-07T03:00:05.000Z',
  link: 'datalake status --local --lake-dir .local/lake',
} as const;

describe('PipelineRunFailedError', () => {
  it('names each failed table with its cause, which a run ending in Tables failed keeps out of its own cause', () => {
    // Act
    const error = new PipelineRunFailedError({
      ...RUN,
      error: 'TableFailed',
      cause:
        'Tables failed, the others are committed: [{"results":[{},{"failed":"users"},{"failed":"items"}]}]',
      failedTables: [
        { table: 'users', cause: "Error: ENOSPC: no space left on device, write '/lake/x.parquet'" },
        { table: 'items', cause: 'TransformError: part 1 is corrupt' },
      ],
    });

    // Assert
    expect(error.message).toBe(
      "TableFailed: 2 table(s) failed: users: Error: ENOSPC: no space left on device, write '/lake/x.parquet'; items: TransformError: part 1 is corrupt",
    );
  });

  it('is the execution’s error and cause when no table failed', () => {
    // Act
    const error = new PipelineRunFailedError({
      ...RUN,
      error: 'ExportFailed',
      cause: 'RDS export e-1 ended FAILED: no space',
      failedTables: [],
    });

    // Assert
    expect(error.message).toBe('ExportFailed: RDS export e-1 ended FAILED: no space');
  });
});
