import type { CatalogColumn, CatalogView } from './CatalogTable';

/** Alias of the version number the deduping view computes; not among the view's columns. */
const VERSION_COLUMN = 'datalake_version';

/** How `<table>_latest` keeps one row per key: the newest version by the ordering columns. */
export interface LatestDedupe {
  /** The columns that identify a row (the source's primary key, output names). */
  readonly primaryKey: readonly string[];
  /** The columns that order a key's versions, most significant first; the highest wins. */
  readonly newestFirst: readonly string[];
}

/** Quotes an identifier for Athena (Trino) and DuckDB SQL: `"name"`, inner quotes doubled. */
function quote(identifier: string): string {
  return `"${identifier.replaceAll('"', '""')}"`;
}

function list(names: readonly string[]): string {
  return names.map(quote).join(', ');
}

/**
 * The `<table>_latest` view of a curated table: every column, then the partition keys (as
 * strings), named explicitly so the view's declared columns match what its SQL returns.
 *
 * With `dedupe` (an incremental table whose primary key is known) the view keeps, per key, the
 * version ordered first by `newestFirst` descending (NULLs last): `row_number()` over the key,
 * which Athena (Trino) and DuckDB both run as written, so one SQL text serves the Glue view and
 * the local catalog.
 *
 * @param dedupe the key and version order of an incremental table
 * @default dedupe - none: the view is the table
 * @example
 * ```ts
 * latestView('marketplace_service', 'items', [{ name: 'id', type: 'bigint' }], ['month']);
 * // { name: 'items_latest', database: 'marketplace_service', sql: 'SELECT "id", "month" FROM "marketplace_service"."items"', columns: [...] }
 * latestView('marketplace_service', 'users', columns, ['run'], { primaryKey: ['id'], newestFirst: ['updated_at', 'run'] });
 * // sql: 'SELECT "id", …, "run" FROM (SELECT *, row_number() OVER (PARTITION BY "id" ORDER BY "updated_at" DESC NULLS LAST,
 * //   "run" DESC NULLS LAST) AS "datalake_version" FROM "marketplace_service"."users") AS "versions" WHERE "datalake_version" = 1'
 * ```
 */
export function latestView(
  database: string,
  table: string,
  columns: readonly CatalogColumn[],
  partitionKeys: readonly string[],
  dedupe?: LatestDedupe,
): CatalogView {
  const all = [...columns, ...partitionKeys.map((key) => ({ name: key, type: 'string' }))];
  const names = list(all.map((column) => column.name));
  const source = `${quote(database)}.${quote(table)}`;
  const sql =
    dedupe === undefined
      ? `SELECT ${names} FROM ${source}`
      : `SELECT ${names} FROM (SELECT *, row_number() OVER (PARTITION BY ${list(dedupe.primaryKey)} ORDER BY ${dedupe.newestFirst
          .map((name) => `${quote(name)} DESC NULLS LAST`)
          .join(
            ', ',
          )}) AS ${quote(VERSION_COLUMN)} FROM ${source}) AS "versions" WHERE ${quote(VERSION_COLUMN)} = 1`;
  return { name: `${table}_latest`, database, sql, columns: all };
}
