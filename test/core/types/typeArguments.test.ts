import { typeArguments } from '../../../lib/core/types/typeArguments';

describe('typeArguments', () => {
  it.each([
    ['decimal(20,4)', [20, 4]],
    ['numeric(38, 10)', [38, 10]],
    ['bit(1)', [1]],
    ['timestamp(3) with time zone', [3]],
    ['bigint(20) unsigned', [20]],
    ['text', []],
    ["enum('a','b')", []],
    ['numeric(5,-2)', [5, -2]],
  ])('reads %s as %j', (typeText, expected) => {
    // Act
    const result = typeArguments(typeText);

    // Assert
    expect(result).toEqual(expected);
  });
});
