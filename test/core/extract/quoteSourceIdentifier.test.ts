import { quoteSourceIdentifier } from '../../../lib/core/extract';

describe('quoteSourceIdentifier', () => {
  it('doubles backticks in a MySQL name so an injection attempt stays one identifier', () => {
    // Act
    const quoted = quoteSourceIdentifier('mysql', 'id` FROM users; DROP TABLE users; --');

    // Assert
    expect(quoted).toBe('`id`` FROM users; DROP TABLE users; --`');
  });

  it('doubles double quotes in a PostgreSQL name', () => {
    // Act
    const quoted = quoteSourceIdentifier('postgres', 'a"; DELETE FROM payments; --');

    // Assert
    expect(quoted).toBe('"a""; DELETE FROM payments; --"');
  });

  it('refuses an empty name', () => {
    // Act / Assert
    expect(() => quoteSourceIdentifier('mysql', '')).toThrow(/Invalid mysql identifier: received ""/);
  });
});
