import { memoryLimitForLambda } from '../../lib/duckdb';

describe('memoryLimitForLambda', () => {
  it.each([
    [1024, '614MB'],
    [3008, '1804MB'],
    [10240, '6144MB'],
  ])('gives DuckDB 60%% of a %i MB Lambda', (memorySizeMb, expected) => {
    // Act
    const limit = memoryLimitForLambda(memorySizeMb);

    // Assert
    expect(limit).toBe(expected);
  });
});
