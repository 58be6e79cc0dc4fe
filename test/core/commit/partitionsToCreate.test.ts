import { partitionsToCreate, uncommittedPartitions } from '../../../lib/core/commit';

const at = (values: string[], run: string) => ({
  values,
  location: `s3://curated/service/items/${values[0]}/run=${run}/`,
});

describe('partitionsToCreate', () => {
  it('gives the partitions the catalog lacks, matched by values', () => {
    // Act
    const create = partitionsToCreate([at(['2026-10'], 'A')], [at(['2026-10'], 'A'), at(['2026-11'], 'A')]);

    // Assert
    expect(create).toEqual([at(['2026-11'], 'A')]);
  });

  it('gives nothing on a re-commit', () => {
    // Arrange
    const partitions = [at(['2026-10'], 'A'), at(['2026-11'], 'A')];

    // Act / Assert
    expect(partitionsToCreate(partitions, partitions)).toEqual([]);
  });

  it('gives a partition listed twice once', () => {
    // Act / Assert
    expect(partitionsToCreate([], [at(['2026-10'], 'A'), at(['2026-10'], 'A')])).toEqual([
      at(['2026-10'], 'A'),
    ]);
  });
});

describe('uncommittedPartitions', () => {
  const R1 = '20261101T000000Z';
  const R2 = '20261102T000000Z';
  const R3 = '20261103T000000Z';
  const deltas = [at(['2026-10', R1], R1), at(['2026-10', R2], R2), at(['2026-11', R3], R3)];

  it('gives the partitions of runs newer than the committed one, except the run being committed', () => {
    // Act / Assert
    expect(uncommittedPartitions(deltas, R1, R3)).toEqual([at(['2026-10', R2], R2)]);
  });

  it('gives every other run before the first commit', () => {
    // Act / Assert
    expect(uncommittedPartitions(deltas, undefined, R3)).toEqual([
      at(['2026-10', R1], R1),
      at(['2026-10', R2], R2),
    ]);
  });
});
