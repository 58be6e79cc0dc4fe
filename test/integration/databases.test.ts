import type { RowDataPacket } from 'mysql2/promise';
import { Client as PostgresClient } from 'pg';
import {
  connectMariadb,
  isServiceRunning,
  loadFixture,
  mariadbQuery,
  mariadbUrl,
  postgresQuery,
  postgresUrl,
  type Row,
} from '../helpers/databases';

/** The greeting stored in chat_messages 1 and items 1: Hangul, an emoji with a skin-tone modifier. */
const GREETING = '안녕하세요 👋🏻 중고 자전거';
const MAX_UNSIGNED_BIGINT = '18446744073709551615';
const MIN_SIGNED_BIGINT = '-9223372036854775808';

/** Nullable columns (of the current database) in which no row holds NULL, in one statement. */
async function nullableColumnsWithoutNull(
  query: (sql: string) => Promise<Row[]>,
  columnsSql: string,
  quote: (name: string) => string,
): Promise<string[]> {
  const columns = await query(columnsSql);
  const counts = columns.map(
    ({ table_name: table, column_name: column }) =>
      `SELECT '${table}.${column}' AS name, COUNT(*) AS n FROM ${quote(String(table))} WHERE ${quote(String(column))} IS NULL`,
  );
  const rows = await query(counts.join(' UNION ALL '));
  return rows.filter((row) => Number(row.n) === 0).map((row) => String(row.name));
}

describe('test databases', () => {
  beforeAll(async () => {
    await loadFixture('mysql');
    await loadFixture('postgres');
  });

  it('runs both servers through scripts/services and serves their URLs', () => {
    // Act / Assert: globalSetup started them with databases.sh; status asks the scripts
    expect(isServiceRunning('mariadb')).toBe(true);
    expect(isServiceRunning('postgres')).toBe(true);
    expect(mariadbUrl()).toBe(
      `mysql://datalake:datalake@127.0.0.1:${process.env.DATALAKE_MARIADB_PORT ?? 3307}/marketplace`,
    );
    expect(postgresUrl()).toBe(
      `postgres://datalake:datalake@127.0.0.1:${process.env.DATALAKE_POSTGRES_PORT ?? 5433}/payments`,
    );
  });

  describe('MariaDB marketplace fixture', () => {
    it('loads every table with its row count', async () => {
      // Act
      const rows = await mariadbQuery(
        `SELECT 'users' AS t, COUNT(*) AS n FROM users UNION ALL SELECT 'items', COUNT(*) FROM items
         UNION ALL SELECT 'orders', COUNT(*) FROM orders UNION ALL SELECT 'chat_messages', COUNT(*) FROM chat_messages`,
      );

      // Assert
      expect(Object.fromEntries(rows.map((row) => [row.t, Number(row.n)]))).toEqual({
        users: 20,
        items: 20,
        orders: 20,
        chat_messages: 30,
      });
    });

    it('round-trips Korean and emoji text byte-exact', async () => {
      // Act
      const [row] = await mariadbQuery('SELECT body, HEX(body) AS hex FROM chat_messages WHERE id = 1');

      // Assert: the server stored the UTF-8 bytes, and the driver decoded them unchanged
      expect(row?.hex).toBe(Buffer.from(GREETING, 'utf8').toString('hex').toUpperCase());
      expect(row?.body).toBe(GREETING);
    });

    it('runs the server in +09:00 while the helper session is UTC, and no value shifts', async () => {
      // Arrange: users 1 has TIMESTAMP(6) 2024-03-01 00:30:00.123456 UTC in the fixture
      const sql =
        'SELECT @@global.time_zone AS server, @@session.time_zone AS session, updated_at, created_at FROM users WHERE id = 1';
      const serverZone = await connectMariadb();

      // Act
      const [utc] = await mariadbQuery(sql);
      await serverZone.query('SET time_zone = DEFAULT');
      const [[local]] = await serverZone.query<RowDataPacket[]>(sql);
      await serverZone.end();

      // Assert: the server's own zone is live (it shifts TIMESTAMP), the helper's session is not
      expect(utc).toMatchObject({
        server: '+09:00',
        session: '+00:00',
        updated_at: '2024-03-01 00:30:00.123456',
        created_at: '2019-03-01 09:00:00.000001',
      });
      expect(local).toMatchObject({ session: '+09:00', updated_at: '2024-03-01 09:30:00.123456' });
    });

    it('reads max unsigned and min signed BIGINT back exactly, as strings', async () => {
      // Act
      const [order] = await mariadbQuery('SELECT external_ref FROM orders WHERE id = 3');
      const [user] = await mariadbQuery('SELECT MAX(id) AS id FROM users');
      const [minimum] = await mariadbQuery('SELECT ledger_seq FROM orders WHERE id = 2');

      // Assert
      expect(order?.external_ref).toBe(MAX_UNSIGNED_BIGINT);
      expect(user?.id).toBe(MAX_UNSIGNED_BIGINT);
      expect(minimum?.ledger_seq).toBe(MIN_SIGNED_BIGINT);
    });

    it('holds a NULL in every nullable column', async () => {
      // Act
      const missing = await nullableColumnsWithoutNull(
        mariadbQuery,
        `SELECT table_name AS table_name, column_name AS column_name FROM information_schema.columns
         WHERE table_schema = DATABASE() AND is_nullable = 'YES'
           AND table_name IN ('users', 'items', 'orders', 'chat_messages')`,
        (name) => `\`${name}\``,
      );

      // Assert
      expect(missing).toEqual([]);
    });

    it('covers every MySQL type the mapping handles', async () => {
      // Act
      const rows = await mariadbQuery(
        'SELECT DISTINCT column_type AS t FROM information_schema.columns WHERE table_schema = DATABASE()',
      );
      const [json] = await mariadbQuery(
        "SELECT COUNT(*) AS n FROM information_schema.check_constraints WHERE constraint_schema = DATABASE() AND check_clause LIKE 'json_valid(%'",
      );

      // Assert: MariaDB reports JSON as longtext with a json_valid check
      expect(rows.map((row) => String(row.t))).toEqual(
        expect.arrayContaining([
          'tinyint(4)',
          'tinyint(3) unsigned',
          'tinyint(1)',
          'smallint(6)',
          'smallint(5) unsigned',
          'mediumint(9)',
          'mediumint(8) unsigned',
          'int(11)',
          'int(10) unsigned',
          'bigint(20)',
          'bigint(20) unsigned',
          'decimal(10,2)',
          'decimal(20,0)',
          'decimal(38,0)',
          'decimal(38,10)',
          'decimal(40,2)',
          'float',
          'double',
          'bit(1)',
          'bit(8)',
          'date',
          'datetime',
          'datetime(6)',
          'timestamp(6)',
          'time(6)',
          'year(4)',
          'char(2)',
          'varchar(255)',
          'text',
          'longtext',
          'blob',
          'varbinary(32)',
          "enum('active','dormant','banned')",
          "set('bikes','books','electronics','fashion','furniture')",
        ]),
      );
      expect(Number(json?.n)).toBe(3);
    });
  });

  describe('PostgreSQL payments fixture', () => {
    it('loads every table with its row count', async () => {
      // Act
      const [row] = await postgresQuery(
        'SELECT (SELECT count(*) FROM payments) AS payments, (SELECT count(*) FROM refunds) AS refunds',
      );

      // Assert: count(*) is int8, which pg returns as a string
      expect(row).toEqual({ payments: '20', refunds: '12' });
    });

    it('round-trips Korean and emoji text byte-exact', async () => {
      // Act
      const [row] = await postgresQuery(
        "SELECT memo, encode(convert_to(memo, 'UTF8'), 'hex') AS hex FROM payments WHERE id = 1",
      );

      // Assert
      expect(row?.hex).toBe(Buffer.from(`${GREETING} 결제`, 'utf8').toString('hex'));
      expect(row?.memo).toBe(`${GREETING} 결제`);
    });

    it('runs the server in Asia/Seoul while the helper session is UTC, and no value shifts', async () => {
      // Arrange: a plain client takes the server's zone; payments 1 was captured at 09:30+09
      const plain = new PostgresClient({ connectionString: postgresUrl() });
      await plain.connect();

      // Act
      const serverZone = (await plain.query<Row>('SHOW TimeZone')).rows[0];
      const local = (await plain.query<Row>('SELECT captured_at::text AS at FROM payments WHERE id = 1'))
        .rows[0];
      await plain.end();
      const [utc] = await postgresQuery(
        'SELECT current_setting($1) AS zone, captured_at, created_at FROM payments WHERE id = 1',
        ['TimeZone'],
      );

      // Assert
      expect(serverZone).toEqual({ TimeZone: 'Asia/Seoul' });
      expect(local).toEqual({ at: '2024-03-01 09:30:00.123456+09' });
      expect(utc).toEqual({
        zone: 'UTC',
        captured_at: '2024-03-01 00:30:00.123456+00',
        created_at: '2024-03-01 09:30:00.654321',
      });
    });

    it('reads bigint and unbounded numeric edges back exactly, as strings', async () => {
      // Act
      const rows = await postgresQuery('SELECT ledger_seq, fee FROM payments WHERE id IN (2, 3) ORDER BY id');

      // Assert
      expect(rows).toEqual([
        { ledger_seq: MIN_SIGNED_BIGINT, fee: '0.000000000000000000000000000001' },
        {
          ledger_seq: '9223372036854775807',
          fee: '123456789012345678901234567890.123456789012345678901234567890',
        },
      ]);
    });

    it('holds a NULL in every nullable column', async () => {
      // Act
      const missing = await nullableColumnsWithoutNull(
        (sql) => postgresQuery(sql),
        `SELECT table_name::text AS table_name, column_name::text AS column_name FROM information_schema.columns
         WHERE table_schema = 'public' AND is_nullable = 'YES' AND table_name IN ('payments', 'refunds')`,
        (name) => `"${name}"`,
      );

      // Assert
      expect(missing).toEqual([]);
    });

    it('covers every PostgreSQL type the mapping handles', async () => {
      // Act
      const rows = await postgresQuery(
        `SELECT DISTINCT format_type(a.atttypid, a.atttypmod) AS t FROM pg_attribute a
         JOIN pg_class c ON c.oid = a.attrelid
         WHERE c.relname IN ('payments', 'refunds') AND c.relkind = 'r' AND a.attnum > 0 AND NOT a.attisdropped`,
      );

      // Assert
      expect(rows.map((row) => String(row.t))).toEqual(
        expect.arrayContaining([
          'smallint',
          'integer',
          'bigint',
          'numeric(12,2)',
          'numeric',
          'numeric(38,10)',
          'real',
          'double precision',
          'boolean',
          'date',
          'timestamp(6) without time zone',
          'timestamp with time zone',
          'time without time zone',
          'interval',
          'character(4)',
          'character varying(255)',
          'text',
          'payment_status',
          'json',
          'jsonb',
          'bytea',
          'uuid',
          'inet',
          'integer[]',
          'text[]',
        ]),
      );
    });
  });
});
