import { parse } from 'postgres-array';
import { pgArrayJson } from '../../../lib/core/types';

describe('pgArrayJson', () => {
  it.each([
    ['{}', 1, []],
    ['{a,"b c","",NULL,"NULL"}', 1, ['a', 'b c', '', null, 'NULL']],
    [String.raw`{"{}","a}","{b",",","\\","\"",it's}`, 1, ['{}', 'a}', '{b', ',', '\\', '"', "it's"]],
    [
      '{{1,2},{3,NULL}}',
      2,
      [
        ['1', '2'],
        ['3', null],
      ],
    ],
    ['{{{1}},{{2}}}', 3, [[['1']], [['2']]]],
    ['[0:1]={1,2}', 1, ['1', '2']],
    [
      '[-1:0][1:2]={{1,2},{3,4}}',
      2,
      [
        ['1', '2'],
        ['3', '4'],
      ],
    ],
    ['{}', 2, []],
    ['{한국어,😀}', 1, ['한국어', '😀']],
  ])('turns %s (%i dimensions) into the JSON of its elements', (text, dimensions, elements) => {
    // Act
    const json = pgArrayJson(text, dimensions, '"c"');

    // Assert
    expect(JSON.parse(json)).toEqual(elements);
  });

  it('parses as postgres-array, the parser pg uses, does', () => {
    // Arrange
    const text = String.raw`{"a\\b","x,y",NULL,"NULL",""}`;

    // Act
    const json = pgArrayJson(text, 1, '"c"');

    // Assert
    expect(JSON.parse(json)).toEqual(parse(text));
  });

  it.each([
    ['{1,2}', 2, 'a 2-dimensional'],
    ['{{1,2}}', 1, 'a 1-dimensional'],
    ['{{1,2},3}', 2, 'a 2-dimensional'],
    ['{a,b', 1, 'a 1-dimensional'],
    ['not an array', 1, 'a 1-dimensional'],
    ['{a}b}', 1, 'a 1-dimensional'],
  ])('refuses %s as %i dimensions in the transform check shape', (text, dimensions, expected) => {
    // Act
    const act = () => pgArrayJson(text, dimensions, '"tags"');

    // Assert
    expect(act).toThrow(`expected ${expected} PostgreSQL array in "tags", got: ${text}`);
  });
});
