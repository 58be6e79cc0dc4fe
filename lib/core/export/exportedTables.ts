import type { ExportTableStatus, ExportTablesInfo } from './exportTablesInfoSchema';
import { type ExportTableRef, parseExportTarget } from './exportTarget';

/** A table the export wrote completely, with its entry of the table info. */
export interface ExportedTable extends ExportTableRef {
  /** The export's name of the table (`perTableStatus[].target`). */
  readonly target: string;
  /** The table's `perTableStatus` entry: its column mappings and statistics. */
  readonly info: ExportTableStatus;
}

/** The status AWS writes for a table exported in full. */
export const EXPORT_TABLE_COMPLETE = 'COMPLETE';

/**
 * The tables an export wrote completely (status `COMPLETE`), in the order the table info lists
 * them. A two-part target is a MySQL table, a three-part one a PostgreSQL table; entries that
 * name only a database (warnings) and tables in any other state are left out — see
 * {@link assertTablesExported} for those.
 *
 * @example
 * ```ts
 * exportedTables({ perTableStatus: [{ target: 'service.users', status: 'COMPLETE' }] });
 * // [{ engine: 'mysql', database: 'service', schema: 'service', table: 'users', target: 'service.users', info: … }]
 * ```
 */
export function exportedTables(info: ExportTablesInfo): ExportedTable[] {
  return info.perTableStatus.flatMap((entry): ExportedTable[] => {
    if (entry.status !== EXPORT_TABLE_COMPLETE) return [];
    const engine = entry.target.split('.').length === 2 ? 'mysql' : 'postgres';
    const ref = parseExportTarget(entry.target, engine);
    return ref ? [{ ...ref, target: entry.target, info: entry }] : [];
  });
}
