/** The catalog objects of one curated table. */
export interface CatalogNames {
  /** The view analysts query, `<table>`: the one object whose update switches runs. */
  readonly view: string;
  /** The view of the newest version per key, `<table>_latest`. */
  readonly latest: string;
  /** An incremental table's store of every committed (and uncommitted) delta, `<table>__deltas`. */
  readonly deltas: string;
  /** A snapshot run's own table, `<table>__run_<run id>`, which the view points at once committed. */
  runTable(runId: string): string;
}

/**
 * The Glue names of a curated table's objects, in lower case as Glue keeps them. Readers query
 * the views; the `__` tables hold the runs the views select from (Athena table names allow only
 * letters, digits and `_`: Athena user guide, "Name databases, tables, and columns").
 *
 * @example
 * ```ts
 * catalogNames('Users').view; // 'users'
 * catalogNames('users').runTable('20261123T030005Z'); // 'users__run_20261123t030005z'
 * ```
 */
export function catalogNames(table: string): CatalogNames {
  const view = table.toLowerCase();
  return {
    view,
    latest: `${view}_latest`,
    deltas: `${view}__deltas`,
    runTable: (runId) => `${view}__run_${runId.toLowerCase()}`,
  };
}
