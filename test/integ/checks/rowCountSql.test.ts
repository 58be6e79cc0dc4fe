import { archivedEventCountSql, rowCountSql } from './rowCountSql';

describe('rowCountSql', () => {
  it('counts each table in one query, one (table_name, row_count) row per table', () => {
    // Act
    const sql = rowCountSql('dlinteg_marketplace', ['users', 'chat_messages']);

    // Assert
    expect(sql).toBe(
      `SELECT 'users' AS table_name, count(*) AS row_count FROM "dlinteg_marketplace"."users"\n` +
        `UNION ALL SELECT 'chat_messages' AS table_name, count(*) AS row_count FROM "dlinteg_marketplace"."chat_messages"`,
    );
  });

  it('refuses a name the lake never writes, so nothing is quoted into the SQL', () => {
    // Act / Assert
    expect(() => rowCountSql('db', ["users' OR '1'='1"])).toThrow(
      /Catalog name "users' OR '1'='1" is not one the lake writes/,
    );
    expect(() => rowCountSql('Db-1', ['users'])).toThrow(/Catalog name "Db-1"/);
    expect(() => rowCountSql('db', [])).toThrow(/No tables to count in db/);
  });
});

describe('archivedEventCountSql', () => {
  it('counts distinct event ids from the given UTC day, so projection enumerates a few partitions', () => {
    // Act
    const sql = archivedEventCountSql('dlinteg_events', 'app_events', new Date('2026-12-06T23:30:00Z'));

    // Assert
    expect(sql).toBe(
      `SELECT 'app_events' AS table_name, count(DISTINCT event_id) AS row_count FROM "dlinteg_events"."app_events" WHERE dt >= '2026-12-06'`,
    );
  });
});
