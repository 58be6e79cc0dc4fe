import type { DuckDBConnection } from '@duckdb/node-api';
import { quoteLiteral } from '../core/transform';

/** The name the local catalog's database file is attached under. */
export const LOCAL_CATALOG = 'lake';

/**
 * Attaches the local catalog's DuckDB file to `connection` and makes it the default, so
 * `schema.table` names resolve in it as they do in Athena's Glue catalog.
 *
 * @param readOnly attach without write access (queries), so a query cannot change the catalog
 * @example
 * ```ts
 * await attachCatalog(connection, '.local/lake/catalog.duckdb', true);
 * ```
 */
export async function attachCatalog(
  connection: DuckDBConnection,
  file: string,
  readOnly: boolean,
): Promise<void> {
  await connection.run(`ATTACH ${quoteLiteral(file)} AS ${LOCAL_CATALOG}${readOnly ? ' (READ_ONLY)' : ''}`);
  await connection.run(`USE ${LOCAL_CATALOG}`);
}
