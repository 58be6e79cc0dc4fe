import { runPartitions } from '../../../lib/core/commit';
import { RowCountMismatchError } from '../../../lib/core/errors';
import { partResult, RUN } from './factories';

const locationOf = (prefix: string) => `s3://curated/${prefix}`;

describe('runPartitions', () => {
  it('gives one partition per distinct value combination, at its run prefix, sorted', () => {
    // Arrange
    const keys = ['country', 'month'];
    const manifests = [
      partResult(0, {
        partitionKeys: keys,
        files: [
          { rows: 1, values: { country: 'KR', month: '2026-11' } },
          { rows: 1, values: { country: 'FR', month: '2026-11' } },
        ],
      }),
      partResult(1, {
        partitionKeys: keys,
        files: [{ rows: 1, values: { country: 'KR', month: '2026-11' } }],
      }),
    ];

    // Act
    const partitions = runPartitions(manifests, keys, locationOf);

    // Assert
    expect(partitions).toEqual([
      {
        values: ['FR', '2026-11'],
        location: `s3://curated/service/users/country=FR/month=2026-11/run=${RUN}/`,
      },
      {
        values: ['KR', '2026-11'],
        location: `s3://curated/service/users/country=KR/month=2026-11/run=${RUN}/`,
      },
    ]);
  });

  it("keeps a value raw in the catalog and Hive-escaped in the location; NULL is Hive's default partition", () => {
    // Arrange
    const manifests = [
      partResult(0, {
        partitionKeys: ['city'],
        files: [{ rows: 1, values: { city: 'a/b' } }, { rows: 1 }],
      }),
    ];

    // Act
    const partitions = runPartitions(manifests, ['city'], locationOf);

    // Assert
    expect(partitions).toEqual([
      {
        values: ['__HIVE_DEFAULT_PARTITION__'],
        location: `s3://curated/service/users/city=__HIVE_DEFAULT_PARTITION__/run=${RUN}/`,
      },
      { values: ['a/b'], location: `s3://curated/service/users/city=a%2Fb/run=${RUN}/` },
    ]);
  });

  it('has no partitions for an unpartitioned table', () => {
    // Act / Assert
    expect(runPartitions([partResult(0)], [], locationOf)).toEqual([]);
  });

  it('refuses a file outside the run prefix its values name', () => {
    // Arrange
    const manifest = partResult(0, {
      partitionKeys: ['month'],
      files: [{ rows: 1, values: { month: '2026-11' } }],
    });
    const stray = {
      ...manifest,
      files: manifest.files.map((file) => ({ ...file, key: 'service/users/month=2026-11/part.parquet' })),
    };

    // Act / Assert
    expect(() => runPartitions([stray], ['month'], locationOf)).toThrow(RowCountMismatchError);
    expect(() => runPartitions([stray], ['month'], locationOf)).toThrow(
      `file service/users/month=2026-11/part.parquet of part 0 is not under its partition's run prefix service/users/month=2026-11/run=${RUN}/`,
    );
  });

  it('adds the run id as the last value with runKey, at the same run prefix', () => {
    // Arrange
    const manifests = [
      partResult(0, { partitionKeys: ['month'], files: [{ rows: 1, values: { month: '2026-11' } }] }),
    ];

    // Act
    const partitions = runPartitions(manifests, ['month'], locationOf, { runKey: true });

    // Assert
    expect(partitions).toEqual([
      { values: ['2026-11', RUN], location: `s3://curated/service/users/month=2026-11/run=${RUN}/` },
    ]);
  });

  it('gives an unpartitioned table one partition per run with runKey', () => {
    // Arrange
    const manifests = [partResult(0), partResult(1)];

    // Act
    const partitions = runPartitions(manifests, [], locationOf, { runKey: true });

    // Assert
    expect(partitions).toEqual([{ values: [RUN], location: `s3://curated/service/users/run=${RUN}/` }]);
  });
});
