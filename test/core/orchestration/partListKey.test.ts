import { partList, partListKey, partListKeyPattern } from '../../../lib/core/orchestration/partListKey';

describe('partListKey', () => {
  it('puts the list beside the export, under the run, named after schema and table', () => {
    // Act
    const key = partListKey(
      'exports/service/',
      'lake-service-20261123t030005z',
      '20261123T030005Z',
      'service',
      'orders',
    );

    // Assert
    expect(key).toBe(
      'exports/service/lake-service-20261123t030005z/_datalake/20261123T030005Z/service.orders.json',
    );
  });

  it('starts at the export id when the export has no prefix', () => {
    // Act / Assert
    expect(partListKey('', 'exp-1', '20261123T030005Z', 'public', 'refunds')).toBe(
      'exp-1/_datalake/20261123T030005Z/public.refunds.json',
    );
  });

  it('refuses a run id that is not one, naming it', () => {
    // Act / Assert
    expect(() => partListKey('exports', 'exp-1', '2026-11-23', 'service', 'orders')).toThrow(
      'Invalid run id: received "2026-11-23"',
    );
  });
});

describe('partList', () => {
  it('indexes the keys from 0 in the order given', () => {
    // Act
    const items = partList([
      't/1/part-00000-a.parquet',
      't/1/part-00001-b.parquet',
      't/2/part-00000-c.parquet',
    ]);

    // Assert
    expect(items).toEqual([
      { key: 't/1/part-00000-a.parquet', index: 0 },
      { key: 't/1/part-00001-b.parquet', index: 1 },
      { key: 't/2/part-00000-c.parquet', index: 2 },
    ]);
  });
});

describe('partListKeyPattern', () => {
  it('matches the part lists of every export under the prefix, and nothing else of them', () => {
    // Act / Assert
    expect(partListKeyPattern('exports/service/')).toBe('exports/service/*/_datalake/*');
    expect(partListKeyPattern('')).toBe('*/_datalake/*');
  });
});
