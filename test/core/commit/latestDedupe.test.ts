import { latestDedupe } from '../../../lib/core/commit';

const COLUMNS = [
  { name: 'id', type: 'bigint' },
  { name: 'updated_at', type: 'timestamp' },
];

const spec = { label: 'service.users', table: 'users', accumulatesRuns: true, columns: COLUMNS };

describe('latestDedupe', () => {
  it('dedupes an incremental table by its key, newest watermark then newest run first', () => {
    // Act
    const decision = latestDedupe({ ...spec, primaryKey: ['ID'], watermarkColumn: 'Updated_At' });

    // Assert
    expect(decision).toEqual({
      dedupe: { primaryKey: ['id'], newestFirst: ['updated_at', 'run'] },
      warnings: [],
    });
  });

  it('orders versions by run alone when the watermark column is not in the table', () => {
    // Act
    const decision = latestDedupe({ ...spec, primaryKey: ['id'], watermarkColumn: 'changed_at' });

    // Assert
    expect(decision.dedupe?.newestFirst).toEqual(['run']);
  });

  it('does not dedupe without a primary key, and says so', () => {
    // Act
    const decision = latestDedupe({ ...spec, watermarkColumn: 'updated_at' });

    // Assert
    expect(decision).toEqual({
      warnings: [
        'service.users is incremental but its primary key is unknown: users_latest shows every version of every row of every run, not the newest per key',
      ],
    });
  });

  it('does not dedupe when a key column is not in the table, and names it', () => {
    // Act
    const decision = latestDedupe({ ...spec, primaryKey: ['id', 'tenant'] });

    // Assert
    expect(decision.warnings).toEqual([
      'service.users is incremental but its primary key column(s) tenant are not in the table: users_latest shows every version of every row of every run, not the newest per key',
    ]);
  });

  it('leaves a snapshot table alone: one version per row already', () => {
    // Act
    const decision = latestDedupe({ ...spec, accumulatesRuns: false, primaryKey: ['id'] });

    // Assert
    expect(decision).toEqual({ warnings: [] });
  });
});
