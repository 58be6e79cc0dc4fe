import type { CatalogColumn, CatalogView } from './CatalogTable';

/** Quotes an identifier for Athena (Trino) and DuckDB SQL: `"name"`, inner quotes doubled. */
function quote(identifier: string): string {
  return `"${identifier.replaceAll('"', '""')}"`;
}

/**
 * The `<table>_latest` view of a curated table: every column, then the partition keys (as
 * strings), named explicitly so the view's declared columns match what its SQL returns.
 *
 * @example
 * ```ts
 * latestView('marketplace_service', 'items', [{ name: 'id', type: 'bigint' }], ['month']);
 * // { name: 'items_latest', database: 'marketplace_service', sql: 'SELECT "id", "month" FROM "marketplace_service"."items"', columns: [...] }
 * ```
 */
export function latestView(
  database: string,
  table: string,
  columns: readonly CatalogColumn[],
  partitionKeys: readonly string[],
): CatalogView {
  const all = [...columns, ...partitionKeys.map((key) => ({ name: key, type: 'string' }))];
  return {
    name: `${table}_latest`,
    database,
    sql: `SELECT ${all.map((column) => quote(column.name)).join(', ')} FROM ${quote(database)}.${quote(table)}`,
    columns: all,
  };
}
