import {
  encodePartitionValue,
  manifestKey,
  partFileName,
  runPartitionPrefix,
} from '../../../lib/core/pipeline/curatedLayout';
import { assertRunId, runIdAt } from '../../../lib/core/pipeline/runId';

const RUN = '20261123T030005Z';

describe('curated layout', () => {
  it('puts the run directory below the partition directories', () => {
    // Act
    const prefix = runPartitionPrefix(
      'service',
      'items',
      ['country', 'created_at_month'],
      { country: 'KR', created_at_month: '2026-11' },
      RUN,
    );

    // Assert
    expect(prefix).toBe('service/items/country=KR/created_at_month=2026-11/run=20261123T030005Z/');
  });

  it('puts the run directory under the table when unpartitioned', () => {
    // Act / Assert
    expect(runPartitionPrefix('payments', 'refunds', [], {}, RUN)).toBe(
      'payments/refunds/run=20261123T030005Z/',
    );
  });

  it('escapes values that would change the directory structure, and names NULL as Hive does', () => {
    // Act / Assert
    expect(encodePartitionValue('a/b=c')).toBe('a%2Fb%3Dc');
    expect(encodePartitionValue('중고 👋')).toBe('중고 👋');
    expect(encodePartitionValue(undefined)).toBe('__HIVE_DEFAULT_PARTITION__');
  });

  it('names files and manifests deterministically per part', () => {
    // Act / Assert
    expect(partFileName(7, 0)).toBe('part-00007-000.parquet');
    expect(manifestKey('service', 'users', RUN, 12)).toBe(
      '_manifests/service/users/run=20261123T030005Z/part-00012.json',
    );
  });
});

describe('run id', () => {
  it('is the UTC start time without separators', () => {
    // Act / Assert
    expect(runIdAt(new Date('2026-11-23T03:00:05.120Z'))).toBe(RUN);
  });

  it('rejects anything else, naming the value', () => {
    // Act / Assert
    expect(() => assertRunId('../../etc')).toThrow('Invalid run id: received "../../etc"');
  });
});
