import { queryMaskKey } from '../../../lib/adapters/database/queryMaskKey';
import { DataLakeError } from '../../../lib/core/errors';

const HASHING = {
  sql: 'SELECT id, email, phone FROM users',
  params: [],
  hmacColumns: [
    { index: 1, column: 'email' },
    { index: 2, column: 'phone' },
  ],
};

describe('queryMaskKey', () => {
  it('gives the key for a query that hashes columns', () => {
    // Act / Assert
    expect(queryMaskKey(HASHING, 'salt')).toBe('salt');
  });

  it('needs no key for a query that hashes nothing', () => {
    // Act / Assert
    expect(queryMaskKey({ sql: 'SELECT id FROM users', params: [] }, undefined)).toBeUndefined();
  });

  it.each([
    ['missing', undefined],
    ['empty', ''],
  ])('refuses a %s key for a query that hashes, naming the columns', (_case, key) => {
    // Act
    const call = () => queryMaskKey(HASHING, key);

    // Assert
    expect(call).toThrow(DataLakeError);
    expect(call).toThrow(
      'The query hashes "email", "phone" but no mask key was given: pass the mask salt as maskKey',
    );
  });
});
