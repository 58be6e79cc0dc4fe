import type { SourceConfig } from '../../config';
import { exportTarget } from './exportTarget';

/**
 * The `ExportOnly` entries of a StartExportTask for the tables a source's config names in mode
 * `snapshot-export`: `database.table` (MySQL) or `database.schema.table` (PostgreSQL). With
 * `includeTables: listed` that is the whole list; with `includeTables: all` (snapshot export as
 * the default mode) the run adds the database's other tables but `excludeTables`, known only at
 * run time: see {@link exportOnlyTargets}.
 *
 * @example
 * ```ts
 * exportOnlyList(listedMysqlSource); // ['service.items', 'service.orders']
 * exportOnlyList(listedPostgresSource); // ['payments.public.refunds']
 * ```
 */
export function exportOnlyList(source: SourceConfig): string[] {
  return source.tables
    .filter((table) => table.mode === 'snapshot-export')
    .map((table) =>
      exportTarget({
        engine: source.engine,
        database: source.database,
        schema: table.schema,
        table: table.name,
      }),
    );
}
