import { median } from '../../../scripts/bench/median';

describe('median', () => {
  it.each([
    [[3, 1, 2], 2],
    [[1, 2, 3, 10], 2.5],
    [[7], 7],
    [[], 0],
  ])('of %j is %d, leaving the values unsorted', (values, expected) => {
    // Arrange
    const given = [...values];

    // Act / Assert
    expect(median(values)).toBe(expected);
    expect(values).toEqual(given);
  });
});
