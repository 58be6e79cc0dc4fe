import type { SourceConfig } from '../../config';
import { exportTarget } from './exportTarget';

/**
 * The `ExportOnly` entries of a StartExportTask for a source, so the export writes only what the
 * run curates: with `includeTables: listed`, its snapshot-export tables as `database.table`
 * (MySQL) or `database.schema.table` (PostgreSQL); with `includeTables: all` and snapshot export
 * as the default mode, the whole database (`ExportOnly` has no exclusions; `excludeTables` are
 * left out when planning).
 *
 * @example
 * ```ts
 * exportOnlyList(listedMysqlSource); // ['service.items', 'service.orders']
 * exportOnlyList(allTablesPostgresSource); // ['payments']
 * ```
 */
export function exportOnlyList(source: SourceConfig): string[] {
  if (source.includeTables === 'all' && source.defaultMode === 'snapshot-export') return [source.database];
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
