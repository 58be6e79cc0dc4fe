import { formatPath } from '../../lib/config/formatPath';

describe('formatPath', () => {
  it('writes indexes in brackets and keys with dots', () => {
    // Act
    const path = formatPath(['sources', 0, 'tables', 2, 'columns', 'email', 'mask']);

    // Assert
    expect(path).toBe('sources[0].tables[2].columns.email.mask');
  });

  it('quotes a key that is not a plain name', () => {
    // Act
    const path = formatPath(['columns', 'first name', 'mask']);

    // Assert
    expect(path).toBe('columns["first name"].mask');
  });

  it('writes the root as an empty path', () => {
    // Act / Assert
    expect(formatPath([])).toBe('');
  });
});
