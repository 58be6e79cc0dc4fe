/**
 * The `hash` mask on the real engine against node:crypto's HMAC-SHA-256, so analysts can compute
 * the same hash anywhere (README, Masking): keys shorter and longer than SHA-256's 64-byte block,
 * values in ASCII, Korean and emoji, empty, NULL and long.
 */
import { createHmac } from 'node:crypto';
import type { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { maskSql } from '../../lib/core/transform';
import { openDuckdb, queryRows, setMaskKey } from '../../lib/duckdb';

const VALUES: readonly (string | null)[] = [
  'kim@example.com',
  '김민지 010-1234-5678',
  '😀👍🏽 family: 👨‍👩‍👧',
  '',
  null,
  `${'long value '.repeat(2000)}끝`,
];

const KEYS: readonly [string, string][] = [
  ['a short ASCII key', 'pepper'],
  ['a short key with emoji', 'pepper-🧂-salt'],
  ['a 64-byte key', 'k'.repeat(64)],
  ['a key longer than 64 bytes', `${'소금'.repeat(30)}-${'x'.repeat(40)}`],
  ['a 64-hex-character random-style key', 'ab'.repeat(32)],
];

let duckdb: DuckDBInstance;
let connection: DuckDBConnection;

beforeAll(async () => {
  duckdb = await openDuckdb({ threads: 1 });
  connection = await duckdb.connect();
  await connection.run('CREATE TABLE input (i INTEGER, v VARCHAR)');
  for (const [index, value] of VALUES.entries()) {
    await connection.run('INSERT INTO input VALUES ($1, $2)', [index, value]);
  }
});

afterAll(() => {
  connection.closeSync();
  duckdb.closeSync();
});

describe('setMaskKey with the hash mask', () => {
  it.each(KEYS)('gives HMAC-SHA-256 in lower-case hex, equal to node:crypto, for %s', async (_, key) => {
    // Arrange
    await setMaskKey(connection, key);
    const hash = maskSql({ sql: 'v', duckdbType: 'VARCHAR' }, { kind: 'hash' }).sql;

    // Act
    const rows = await queryRows(connection, `SELECT ${hash} AS h FROM input ORDER BY i`);

    // Assert
    expect(rows.map((row) => row.h)).toEqual(
      VALUES.map((value) =>
        value === null ? null : createHmac('sha256', key).update(value, 'utf8').digest('hex'),
      ),
    );
  });

  it('sets the key as its two padded 64-byte blocks, bound as parameters', async () => {
    // Arrange
    await setMaskKey(connection, 'pepper-🧂-salt');

    // Act
    const rows = await queryRows(
      connection,
      "SELECT name, CAST(octet_length(CAST(value AS BLOB)) AS INTEGER) AS bytes FROM duckdb_variables() WHERE name LIKE 'mask_key_%' ORDER BY name",
    );

    // Assert
    expect(rows).toEqual([
      { name: 'mask_key_inner_pad', bytes: 64 },
      { name: 'mask_key_outer_pad', bytes: 64 },
    ]);
  });
});
