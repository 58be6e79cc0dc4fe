import { backoffDelay } from '../../lib/client';

const policy = { baseBackoffMs: 100, maxBackoffMs: 1000 };
const almostOne = () => 0.999999;

describe('backoffDelay', () => {
  it('doubles the ceiling on each retry: 100, 200, 400 ms', () => {
    // Arrange
    const retries = [1, 2, 3];

    // Act
    const delays = retries.map((retry) => backoffDelay(retry, policy, almostOne));

    // Assert
    expect(delays).toEqual([99, 199, 399]);
  });

  it('caps the ceiling at maxBackoffMs', () => {
    // Arrange / Act
    const delays = [5, 60].map((retry) => backoffDelay(retry, policy, almostOne));

    // Assert
    expect(delays).toEqual([999, 999]);
  });

  it('draws the wait uniformly from zero up to the ceiling (full jitter)', () => {
    // Arrange
    const draws = [0, 0.25, 0.5];

    // Act
    const delays = draws.map((draw) => backoffDelay(3, policy, () => draw));

    // Assert
    expect(delays).toEqual([0, 100, 200]);
  });
});
