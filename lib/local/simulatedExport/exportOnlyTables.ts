import { DataLakeError } from '../../core/errors';
import { parseExportTarget } from '../../core/export';
import type { SourceEngine } from '../../core/types';

/**
 * The tables a StartExportTask's `ExportOnly` asks for, as {@link simulateExport} takes them:
 * `'all'` without `ExportOnly` or when it names the whole database (RDS then exports every
 * table), else each `database.table` (MySQL) or `database.schema.table` (PostgreSQL) entry's
 * table, so the local export writes what RDS would and nothing else.
 *
 * @throws DataLakeError naming an entry of another database or in a form the engine does not take
 * @example
 * ```ts
 * exportOnlyTables(['payments.public.refunds'], 'postgres', 'payments'); // [{ schema: 'public', table: 'refunds' }]
 * exportOnlyTables(undefined, 'mysql', 'service'); // 'all'
 * ```
 */
export function exportOnlyTables(
  exportOnly: readonly string[] | undefined,
  engine: SourceEngine,
  database: string,
): { schema: string; table: string }[] | 'all' {
  if (exportOnly === undefined || exportOnly.includes(database)) return 'all';
  return exportOnly.map((entry) => {
    const ref = parseExportTarget(entry, engine);
    if (ref === undefined || ref.database !== database) {
      throw new DataLakeError(
        `Local export: ExportOnly entry ${JSON.stringify(entry)} is not a table of database ${database}; allowed: ${engine === 'mysql' ? 'database.table' : 'database.schema.table'}`,
      );
    }
    return { schema: ref.schema, table: ref.table };
  });
}
