import type { Catalog } from '../adapters/catalog';
import type { KnownColumnsReader } from './KnownColumnsReader';

/**
 * A {@link KnownColumnsReader} over the lake's catalog (Glue in AWS, DuckDB locally): the
 * curated table's data columns and partition keys in `database`.
 *
 * @example
 * ```ts
 * const knownColumns = catalogKnownColumns(new GlueCatalog({ client }), 'marketplace_service');
 * await knownColumns('users'); // ['id', 'email', …] or undefined on the first run
 * ```
 */
export function catalogKnownColumns(catalog: Catalog, database: string): KnownColumnsReader {
  return async (table) => {
    const found = await catalog.getTable(database, table);
    return found === undefined
      ? undefined
      : [...found.columns.map((column) => column.name), ...found.partitionKeys];
  };
}
