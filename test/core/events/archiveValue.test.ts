import { archiveValue } from '../../../lib/core/events';

describe('archiveValue', () => {
  it.each([
    [true, 'boolean', true],
    [-128, 'tinyint', -128],
    [32767, 'smallint', 32767],
    [-2147483648, 'int', -2147483648],
    [9007199254740991, 'bigint', 9007199254740991],
    [1.5, 'float', 1.5],
    [-0.25, 'double', -0.25],
    ['안녕 👋', 'string', '안녕 👋'],
    ['2026-02-28', 'date', '2026-02-28'],
    ['2026-11-23T18:15:02.123+09:00', 'timestamp', '2026-11-23T09:15:02.123Z'],
    ['2026-11-23T09:15:02Z', 'timestamp', '2026-11-23T09:15:02.000Z'],
    [1795425302123, 'timestamp', '2026-11-23T09:15:02.123Z'],
    [12.5, 'decimal(12,2)', '12.5'],
    ['-1234567890.12', 'decimal(12,2)', '-1234567890.12'],
    ['0.05', 'decimal(2,2)', '0.05'],
    ['abc', 'varchar(3)', 'abc'],
    ['👋👋', 'char(2)', '👋👋'],
    ['aGVsbG8=', 'binary', 'aGVsbG8='],
  ])('fits %j to %s as %j', (value, type, expected) => {
    expect(archiveValue(value, type)).toEqual({ ok: true, value: expected });
  });

  it.each([undefined, null])('turns a missing value (%s) into null', (value) => {
    expect(archiveValue(value, 'bigint')).toEqual({ ok: true, value: null });
  });

  it.each([
    ['yes', 'boolean', /got "yes"; allowed: true or false/],
    [128, 'tinyint', /got 128; allowed: an integer from -128 to 127/],
    [1.5, 'int', /got 1.5; allowed: an integer/],
    ['42', 'bigint', /got "42"; allowed: an integer/],
    [2 ** 53, 'bigint', /allowed: an integer from -9007199254740991 to 9007199254740991/],
    [Number.NaN, 'double', /allowed: a finite number/],
    [42, 'string', /got 42; allowed: a string/],
    ['2026-02-30', 'date', /got "2026-02-30"; allowed: a calendar date as yyyy-MM-dd/],
    ['23/11/2026', 'date', /allowed: a calendar date/],
    [
      '2026-11-23 09:15:02',
      'timestamp',
      /allowed: ISO 8601 date-time with Z or an offset, or epoch milliseconds/,
    ],
    [1.5, 'timestamp', /allowed: ISO 8601/],
    [8.64e15 + 1, 'timestamp', /in years 1 to 9999/],
    ['12345678901.5', 'decimal(12,2)', /allowed: a number with at most 10 integer and 2 fraction digits/],
    [0.125, 'decimal(12,2)', /at most 10 integer and 2 fraction digits/],
    ['1e3', 'decimal(12,2)', /a JSON number or its text/],
    ['abcd', 'varchar(3)', /allowed: a string of at most 3 characters/],
    ['not base64!', 'binary', /allowed: base64 text/],
    [{ a: 1 }, 'string', /got \{"a":1\}; allowed: a string/],
    [1, 'array<int>', /column type array<int> is not one the archive writes/],
  ])('refuses %j for %s, saying why', (value, type, problem) => {
    // Act
    const result = archiveValue(value, type);

    // Assert
    expect(result.ok).toBe(false);
    expect(result.ok ? '' : result.problem).toMatch(problem);
  });
});
