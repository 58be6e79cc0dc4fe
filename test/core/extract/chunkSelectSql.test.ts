import { chunkSelectSql, type LandedColumn } from '../../../lib/core/extract';

const columns: LandedColumn[] = [
  { source: 'id', selectSql: '`id`', landingSql: '"c0"', csvColumn: 'c0' },
  {
    source: 'avatar',
    selectSql: '`avatar`',
    landingSql: 'from_hex("c1")',
    csvColumn: 'c1',
    readerEncoding: 'hex',
  },
];

describe('chunkSelectSql', () => {
  it('reads a MySQL integer range ordered by the key', () => {
    // Act
    const query = chunkSelectSql('mysql', {
      schema: 'marketplace',
      table: 'users',
      columns,
      chunk: { index: 0, bounds: { kind: 'range', column: 'id', from: '1', to: '1000' } },
    });

    // Assert
    expect(query).toEqual({
      sql: 'SELECT `id`, `avatar` FROM `marketplace`.`users` WHERE `id` BETWEEN 1 AND 1000 ORDER BY `id`',
      params: [],
      hexColumns: [1],
    });
  });

  it('names the columns the reader hashes, by position and source name', () => {
    // Arrange
    const hashed: LandedColumn = {
      source: 'email',
      selectSql: '`email`',
      landingSql: '"c2"',
      csvColumn: 'c2',
      readerEncoding: 'hmac',
    };

    // Act
    const query = chunkSelectSql('mysql', {
      schema: 'marketplace',
      table: 'users',
      columns: [...columns, hashed],
      chunk: { index: 0, bounds: { kind: 'all' } },
    });

    // Assert
    expect(query).toEqual({
      sql: 'SELECT `id`, `avatar`, `email` FROM `marketplace`.`users`',
      params: [],
      hexColumns: [1],
      hmacColumns: [{ index: 2, column: 'email' }],
    });
  });

  it('adds the incremental window to a PostgreSQL keyset chunk, values inlined', () => {
    // Act
    const query = chunkSelectSql('postgres', {
      schema: 'public',
      table: 'payments',
      columns: [{ source: 'id', selectSql: '"id"', landingSql: '"c0"', csvColumn: 'c0' }],
      chunk: {
        index: 1,
        bounds: { kind: 'keyset', column: 'code', valueKind: 'text', after: 'b', through: 'd' },
        watermark: {
          column: 'updated_at',
          kind: 'time',
          after: '2026-01-01 00:00:00.000000',
          through: '2026-01-02 00:00:00.000000',
        },
      },
    });

    // Assert
    expect(query).toEqual({
      sql: `SELECT "id" FROM "public"."payments" WHERE "code" > 'b' AND "code" <= 'd' AND "updated_at" > '2026-01-01 00:00:00.000000' AND "updated_at" <= '2026-01-02 00:00:00.000000' ORDER BY "code"`,
      params: [],
    });
  });

  it('binds MySQL keyset and watermark text in order', () => {
    // Act
    const query = chunkSelectSql('mysql', {
      schema: 'm',
      table: 't',
      columns,
      chunk: {
        index: 0,
        bounds: { kind: 'keyset', column: 'code', valueKind: 'text', through: "z'; DROP TABLE t; --" },
        watermark: { column: 'updated_at', kind: 'time', through: '2026-01-02 00:00:00.000000' },
      },
    });

    // Assert
    expect(query).toEqual({
      sql: 'SELECT `id`, `avatar` FROM `m`.`t` WHERE `code` <= ? AND `updated_at` <= ? ORDER BY `code`',
      params: ["z'; DROP TABLE t; --", '2026-01-02 00:00:00.000000'],
      hexColumns: [1],
    });
  });

  it('quotes a hostile table name so it cannot end the statement', () => {
    // Act
    const { sql } = chunkSelectSql('postgres', {
      schema: 'public',
      table: 'x"; DROP TABLE payments; --',
      columns: [{ source: 'id', selectSql: '"id"', landingSql: '"c0"', csvColumn: 'c0' }],
      chunk: { index: 0, bounds: { kind: 'all' } },
    });

    // Assert
    expect(sql).toBe('SELECT "id" FROM "public"."x""; DROP TABLE payments; --"');
  });
});
