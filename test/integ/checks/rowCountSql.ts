/** A catalog name the lake writes: lower case, digits and `_` (see lib/core/naming). */
const CATALOG_NAME = /^[a-z_][a-z0-9_]*$/;

function quoted(name: string): string {
  if (!CATALOG_NAME.test(name)) {
    throw new Error(`Catalog name "${name}" is not one the lake writes (${CATALOG_NAME.source})`);
  }
  return `"${name}"`;
}

/**
 * One Athena query counting the rows of each of `tables` in `database`: a row per table,
 * `(table_name, row_count)`, in the order given.
 *
 * @throws Error when a name is not a lake catalog name, or `tables` is empty
 * @example
 * ```ts
 * rowCountSql('dlinteg_marketplace', ['users', 'items']);
 * // SELECT 'users' AS table_name, count(*) AS row_count FROM "dlinteg_marketplace"."users"
 * // UNION ALL SELECT 'items' AS table_name, count(*) AS row_count FROM "dlinteg_marketplace"."items"
 * ```
 */
export function rowCountSql(database: string, tables: readonly string[]): string {
  if (tables.length === 0) throw new Error(`No tables to count in ${database}`);
  return tables
    .map(
      (table) =>
        `SELECT '${table}' AS table_name, count(*) AS row_count FROM ${quoted(database)}.${quoted(table)}`,
    )
    .join('\nUNION ALL ');
}

/**
 * Counts the distinct events archived in `table` since the day `since` (UTC): Firehose may deliver
 * a record twice, the client gives each event one id. The `dt` bound keeps partition projection
 * from enumerating every day since the table's start date.
 *
 * @example
 * ```ts
 * archivedEventCountSql('dlinteg_events', 'app_events', new Date('2026-12-07T10:00:00Z'));
 * // SELECT 'app_events' AS table_name, count(DISTINCT event_id) AS row_count FROM "dlinteg_events"."app_events" WHERE dt >= '2026-12-07'
 * ```
 */
export function archivedEventCountSql(database: string, table: string, since: Date): string {
  const day = since.toISOString().slice(0, 10);
  return `SELECT '${table}' AS table_name, count(DISTINCT event_id) AS row_count FROM ${quoted(database)}.${quoted(table)} WHERE dt >= '${day}'`;
}
