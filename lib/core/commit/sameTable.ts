import type { CatalogTable } from './CatalogTable';

function canonical(table: CatalogTable): string {
  return JSON.stringify([
    table.name,
    table.columns.map((column) => [column.name, column.type]),
    table.partitionKeys,
    table.location,
    Object.entries(table.parameters).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
  ]);
}

/**
 * Whether two catalog tables are the same definition (parameter order aside), so a re-commit
 * of the same run skips an update that would change nothing but add a table version.
 *
 * @example
 * ```ts
 * sameTable(current, curatedTable({ ... })); // true on a re-commit
 * ```
 */
export function sameTable(a: CatalogTable, b: CatalogTable): boolean {
  return canonical(a) === canonical(b);
}
