import { setTimeout as sleep } from 'node:timers/promises';
import { mapConcurrently } from '../../../lib/core/extract';

describe('mapConcurrently', () => {
  it('never has more than the limit in flight and keeps the order of results', async () => {
    // Arrange
    let inFlight = 0;
    let most = 0;

    // Act
    const results = await mapConcurrently([5, 1, 4, 2, 3], 2, async (value) => {
      inFlight += 1;
      most = Math.max(most, inFlight);
      await sleep(value * 3);
      inFlight -= 1;
      return value * 10;
    });

    // Assert
    expect([results, most]).toEqual([[50, 10, 40, 20, 30], 2]);
  });

  it('rejects with the first failure and starts no new work after it', async () => {
    // Arrange
    const started: number[] = [];

    // Act
    const run = mapConcurrently([1, 2, 3, 4], 1, async (value) => {
      started.push(value);
      if (value === 2) throw new Error('chunk 2 failed');
      return value;
    });

    // Assert
    await expect(run).rejects.toThrow('chunk 2 failed');
    expect(started).toEqual([1, 2]);
  });
});
