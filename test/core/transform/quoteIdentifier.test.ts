import { DataLakeError } from '../../../lib/core/errors';
import { quoteIdentifier } from '../../../lib/core/transform';

describe('quoteIdentifier', () => {
  it('wraps a plain name in double quotes', () => {
    // Act
    const quoted = quoteIdentifier('created_at');

    // Assert
    expect(quoted).toBe('"created_at"');
  });

  it('doubles inner double quotes so the name cannot close the identifier', () => {
    // Act
    const quoted = quoteIdentifier('a"b; DROP TABLE x; --');

    // Assert
    expect(quoted).toBe('"a""b; DROP TABLE x; --"');
  });

  it('keeps Korean, spaces and single quotes as they are', () => {
    // Act
    const quoted = quoteIdentifier("상품 이름's");

    // Assert
    expect(quoted).toBe('"상품 이름\'s"');
  });

  it.each([
    ['an empty name', ''],
    ['a NUL character', 'a\0b'],
  ])('refuses %s', (_case, name) => {
    // Act
    const act = () => quoteIdentifier(name);

    // Assert
    expect(act).toThrow(DataLakeError);
    expect(act).toThrow(/Invalid SQL identifier: received/);
  });
});
