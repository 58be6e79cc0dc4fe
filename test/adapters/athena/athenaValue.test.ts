import { athenaValue } from '../../../lib/adapters/athena';

describe('athenaValue', () => {
  it.each([
    ['boolean', 'true', true],
    ['integer', '42', 42],
    ['smallint', '-7', -7],
    ['double', '0.25', 0.25],
    ['bigint', '1', '1'],
    ['bigint', '9007199254740993', '9007199254740993'],
    ['decimal', '12.30', '12.30'],
    ['date', '2026-01-31', '2026-01-31'],
    ['json', '{"a":[1,2]}', '{"a":[1,2]}'],
    ['array', '[a, b]', '[a, b]'],
    ['varchar', '', ''],
    ['varchar', undefined, null],
  ])('types a %s value %j as %j, by the column type', (type, text, expected) => {
    // Act / Assert
    expect(athenaValue(type, text)).toEqual(expected);
  });

  it.each(['NaN', 'Infinity', '-Infinity'])(
    'keeps a double’s %s as text, which JSON can hold (a JS NaN would print as null)',
    (text) => {
      // Act
      const value = athenaValue('double', text);

      // Assert
      expect(value).toBe(text);
      expect(JSON.stringify([value])).toBe(`["${text}"]`);
    },
  );
});
