import type { CatalogView } from './CatalogTable';

function canonical(view: CatalogView): string {
  return JSON.stringify([
    view.name,
    view.database,
    view.sql,
    view.columns.map((column) => [column.name, column.type]),
    Object.entries(view.parameters ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
  ]);
}

/**
 * Whether two views are the same definition (parameter order aside), so a re-commit of the run
 * a view already shows sends no update.
 *
 * @example
 * ```ts
 * sameView(await catalog.getView(database, 'users'), curatedView({ ... })); // true on a re-commit
 * ```
 */
export function sameView(a: CatalogView, b: CatalogView): boolean {
  return canonical(a) === canonical(b);
}
