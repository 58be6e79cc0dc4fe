import { splitTopLevel } from '../../../lib/core/types/splitTopLevel';

describe('splitTopLevel', () => {
  it.each([
    ['a INTEGER, b DECIMAL(10,2)', ['a INTEGER', 'b DECIMAL(10,2)']],
    ['string, map<string,int>', ['string', 'map<string,int>']],
    ['"x, y" VARCHAR, z STRUCT(p INTEGER, q INTEGER)', ['"x, y" VARCHAR', 'z STRUCT(p INTEGER, q INTEGER)']],
    ['VARCHAR', ['VARCHAR']],
  ])('splits %s', (list, expected) => {
    // Act
    const result = splitTopLevel(list);

    // Assert
    expect(result).toEqual(expected);
  });
});
