import { partitionKeyAccepts, partitionKeySql } from '../../../lib/core/transform';

const createdAt = { sql: '"c2"', duckdbType: 'TIMESTAMP' };

describe('partitionKeySql', () => {
  it.each([
    ['year', `strftime("c2", '%Y')`],
    ['month', `strftime("c2", '%Y-%m')`],
    ['day', `strftime("c2", '%Y-%m-%d')`],
    ['value', 'CAST("c2" AS VARCHAR)'],
  ] as const)('derives the %s key as text', (granularity, expected) => {
    // Act
    const sql = partitionKeySql(createdAt, granularity);

    // Assert
    expect(sql).toBe(expected);
  });
});

describe('partitionKeyAccepts', () => {
  it.each([
    ['year', 'DATE', true],
    ['month', 'TIMESTAMP', true],
    ['day', 'timestamp', true],
    ['day', 'VARCHAR', false],
    ['year', 'TIMESTAMP WITH TIME ZONE', false],
    ['value', 'VARCHAR', true],
    ['value', 'DECIMAL(10,2)', true],
  ] as const)('%s on %s: %p', (granularity, duckdbType, expected) => {
    // Act
    const accepted = partitionKeyAccepts(granularity, duckdbType);

    // Assert
    expect(accepted).toBe(expected);
  });
});
