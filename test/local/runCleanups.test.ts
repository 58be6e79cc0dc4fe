import { runCleanups } from '../../lib/local/runCleanups';

describe('runCleanups', () => {
  it('runs every step in order whatever the ones before threw, and returns what they threw', async () => {
    // Arrange
    const ran: string[] = [];

    // Act
    const errors = await runCleanups([
      () => ran.push('close duckdb'),
      async () => {
        ran.push('remove temp');
        throw new Error('ENOTEMPTY');
      },
      () => {
        ran.push('write log');
        throw 'not an Error';
      },
      () => ran.push('release lock'),
    ]);

    // Assert
    expect(ran).toEqual(['close duckdb', 'remove temp', 'write log', 'release lock']);
    expect(errors.map((error) => error.message)).toEqual(['ENOTEMPTY', 'not an Error']);
  });
});
