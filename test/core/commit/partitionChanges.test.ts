import { partitionChanges } from '../../../lib/core/commit';

const at = (month: string, run: string) => ({
  values: [month],
  location: `s3://curated/service/items/month=${month}/run=${run}/`,
});

describe('partitionChanges', () => {
  it('creates every partition of a first run', () => {
    // Act
    const changes = partitionChanges([], [at('2026-10', 'B'), at('2026-11', 'B')]);

    // Assert
    expect(changes).toEqual({ create: [at('2026-10', 'B'), at('2026-11', 'B')], update: [], delete: [] });
  });

  it('repoints partitions both runs have, creates new ones and deletes those the run no longer has', () => {
    // Arrange
    const previous = [at('2026-09', 'A'), at('2026-10', 'A')];
    const next = [at('2026-10', 'B'), at('2026-11', 'B')];

    // Act
    const changes = partitionChanges(previous, next);

    // Assert
    expect(changes).toEqual({
      create: [at('2026-11', 'B')],
      update: [at('2026-10', 'B')],
      delete: [at('2026-09', 'A')],
    });
  });

  it('changes nothing when the catalog already points at the run', () => {
    // Arrange
    const partitions = [at('2026-10', 'B'), at('2026-11', 'B')];

    // Act
    const changes = partitionChanges(partitions, partitions);

    // Assert
    expect(changes).toEqual({ create: [], update: [], delete: [] });
  });

  it('tells multi-key partitions apart by every value, in order', () => {
    // Arrange
    const previous = [{ values: ['KR', '2026'], location: 'old' }];
    const next = [{ values: ['2026', 'KR'], location: 'new' }];

    // Act
    const changes = partitionChanges(previous, next);

    // Assert
    expect(changes).toEqual({ create: next, update: [], delete: previous });
  });

  it('deletes every partition when the run wrote none', () => {
    // Act / Assert
    expect(partitionChanges([at('2026-10', 'A')], []).delete).toEqual([at('2026-10', 'A')]);
  });

  it("keeps every previous partition when runs accumulate, and creates the new run's", () => {
    // Arrange
    const previous = [
      { values: ['2026-10', 'A'], location: 's3://curated/service/items/month=2026-10/run=A/' },
    ];
    const next = [{ values: ['2026-10', 'B'], location: 's3://curated/service/items/month=2026-10/run=B/' }];

    // Act
    const changes = partitionChanges(previous, next, { accumulate: true });

    // Assert
    expect(changes).toEqual({ create: next, update: [], delete: [] });
  });
});
