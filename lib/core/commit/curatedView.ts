import { RUN_PARTITION_KEY } from '../pipeline';
import { quoteIdentifier } from '../transform/quoteIdentifier';
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

/** What a curated view is made from. */
export interface CuratedViewSpec {
  readonly database: string;
  /** The view's name: `<table>` or `<table>_latest` (see `catalogNames`). */
  readonly name: string;
  /** The table in `database` the view reads: a snapshot run's table or the deltas table. */
  readonly from: string;
  /** The data columns, in table order. */
  readonly columns: readonly CatalogColumn[];
  /** Partition keys the view returns as string columns, outermost first. */
  readonly partitionKeys: readonly string[];
  /**
   * Read only runs up to this one (an incremental table): the deltas table also holds runs
   * registered by a commit that has not switched yet, or failed before it did.
   *
   * @default - every row of `from`
   */
  readonly runsUpTo?: string;
  /** Keep the newest version per key (an incremental table with a known key). @default - no dedupe */
  readonly dedupe?: LatestDedupe;
  /** The view's catalog parameters, e.g. the run it shows. @default - none */
  readonly parameters?: Readonly<Record<string, string>>;
}

function list(names: readonly string[]): string {
  return names.map((name) => quoteIdentifier(name)).join(', ');
}

/**
 * A view over one table of runs: every column, then the partition keys (as strings), named
 * explicitly so the view's declared columns match what its SQL returns. The table's view
 * (`<table>`) is one: switching it to a run is one catalog call, so a reader sees the old run or
 * the new one, never a mix; `<table>_latest` is another.
 *
 * With `runsUpTo` only the committed runs of a deltas table are read. With `dedupe` the view
 * keeps, per key, the version ordered first by `newestFirst` descending (NULLs last):
 * `row_number()` over the key, which Athena (Trino) and DuckDB both run as written, so one SQL
 * text serves the Glue view and the local catalog.
 *
 * @example
 * ```ts
 * curatedView({ database: 'marketplace_service', name: 'items', from: 'items__run_20261123t030005z', columns: [{ name: 'id', type: 'bigint' }], partitionKeys: ['month'] });
 * // sql: 'SELECT "id", "month" FROM "marketplace_service"."items__run_20261123t030005z"'
 * curatedView({ database, name: 'users_latest', from: 'users__deltas', columns, partitionKeys: ['run'], runsUpTo: '20261123T030005Z', dedupe: { primaryKey: ['id'], newestFirst: ['updated_at', 'run'] } });
 * // sql: 'SELECT "id", …, "run" FROM (SELECT *, row_number() OVER (PARTITION BY "id" ORDER BY "updated_at" DESC NULLS LAST,
 * //   "run" DESC NULLS LAST) AS "datalake_version" FROM "…"."users__deltas" WHERE "run" <= '20261123T030005Z') AS "versions" WHERE "datalake_version" = 1'
 * ```
 */
export function curatedView(spec: CuratedViewSpec): CatalogView {
  const all = [...spec.columns, ...spec.partitionKeys.map((key) => ({ name: key, type: 'string' }))];
  const names = list(all.map((column) => column.name));
  const filter =
    spec.runsUpTo === undefined
      ? ''
      : ` WHERE ${quoteIdentifier(RUN_PARTITION_KEY)} <= '${spec.runsUpTo.replaceAll("'", "''")}'`;
  const source = `${quoteIdentifier(spec.database)}.${quoteIdentifier(spec.from)}${filter}`;
  const { dedupe } = spec;
  const sql =
    dedupe === undefined
      ? `SELECT ${names} FROM ${source}`
      : `SELECT ${names} FROM (SELECT *, row_number() OVER (PARTITION BY ${list(dedupe.primaryKey)} ORDER BY ${dedupe.newestFirst
          .map((name) => `${quoteIdentifier(name)} DESC NULLS LAST`)
          .join(
            ', ',
          )}) AS ${quoteIdentifier(VERSION_COLUMN)} FROM ${source}) AS "versions" WHERE ${quoteIdentifier(VERSION_COLUMN)} = 1`;
  return {
    name: spec.name,
    database: spec.database,
    sql,
    columns: all,
    ...(spec.parameters === undefined ? {} : { parameters: { ...spec.parameters } }),
  };
}
