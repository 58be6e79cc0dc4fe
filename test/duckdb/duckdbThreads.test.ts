import { duckdbThreads, openDuckdb, withConnection } from '../../lib/duckdb';

describe('duckdbThreads', () => {
  it('reads the threads setting the instance was opened with', async () => {
    // Arrange
    const duckdb = await openDuckdb({ threads: 3 });

    // Act
    const threads = await withConnection(duckdb, duckdbThreads);

    // Assert
    expect(threads).toBe(3);
    duckdb.closeSync();
  });
});
