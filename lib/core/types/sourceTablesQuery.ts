import type { SourceEngine } from './SourceEngine';

/**
 * The catalog query of each engine listing the base tables of the connected database (no views),
 * as `schema` and `name`, ordered: what a snapshot export of the whole database holds. MySQL lists
 * the session's database; PostgreSQL every schema of the database but its own catalogs.
 */
export const SOURCE_TABLES_SQL: Readonly<Record<SourceEngine, string>> = {
  mysql: `SELECT TABLE_SCHEMA AS \`schema\`, TABLE_NAME AS name FROM information_schema.TABLES
  WHERE TABLE_SCHEMA = DATABASE() AND TABLE_TYPE = 'BASE TABLE' ORDER BY TABLE_NAME`,
  postgres: `SELECT table_schema AS schema, table_name AS name FROM information_schema.tables
  WHERE table_catalog = current_database() AND table_type = 'BASE TABLE'
    AND table_schema NOT IN ('pg_catalog', 'information_schema') AND table_schema NOT LIKE 'pg\\_%'
  ORDER BY table_schema, table_name`,
};
