import { TableExportError, type TableExportProblem } from '../errors';
import { EXPORT_TABLE_COMPLETE, type ExportedTable, exportedTables } from './exportedTables';
import type { ExportTablesInfo } from './exportTablesInfoSchema';
import { type ExportTableRef, exportTarget } from './exportTarget';

/** Warnings the export wrote for a database or schema that contains `target` (e.g. missing permissions). */
function scopeWarnings(info: ExportTablesInfo, target: string): string[] {
  return info.perTableStatus
    .filter((entry) => entry.warningMessage !== undefined && target.startsWith(`${entry.target}.`))
    .map((entry) => `${entry.target}: ${entry.warningMessage}`);
}

function problemOf(info: ExportTablesInfo, target: string): TableExportProblem | undefined {
  const entries = info.perTableStatus.filter((entry) => entry.target === target);
  if (entries.some((entry) => entry.status === EXPORT_TABLE_COMPLETE)) return undefined;
  const entry = entries[0];
  if (entry) {
    return {
      target,
      status: entry.status ?? 'UNKNOWN',
      reason: entry.warningMessage ?? 'AWS gave no warningMessage',
    };
  }
  const warnings = scopeWarnings(info, target);
  return {
    target,
    status: 'MISSING',
    reason:
      warnings.length > 0
        ? `not listed in the export's table info; export warnings: ${warnings.join('; ')}`
        : "not listed in the export's table info: the snapshot has no such table (check the config's tables[].name and schema against the source), or RDS skipped it silently (e.g. for column names with spaces or , ; { } ( ) =, names with /, unlogged tables or rows near 2 GB)",
  };
}

/**
 * Checks that the export wrote every requested table completely and returns them in the order
 * requested. A table that is `FAILED`, `SKIPPED` or in any state but `COMPLETE`, and a table the
 * export silently left out, are all named in one error with the reason AWS gave — a run never
 * lands with a silent gap.
 *
 * @param exportId the export task identifier, named in the error
 * @throws TableExportError listing every requested table not exported completely
 * @example
 * ```ts
 * const tables = assertTablesExported(
 *   [{ engine: 'mysql', database: 'service', schema: 'service', table: 'users' }],
 *   tablesInfo,
 *   'service-20261123T030005Z',
 * );
 * ```
 */
export function assertTablesExported(
  requested: readonly ExportTableRef[],
  info: ExportTablesInfo,
  exportId: string,
): ExportedTable[] {
  const complete = new Map(exportedTables(info).map((table) => [table.target, table]));
  const problems: TableExportProblem[] = [];
  const tables: ExportedTable[] = [];
  for (const ref of requested) {
    const target = exportTarget(ref);
    const problem = problemOf(info, target);
    const table = complete.get(target);
    if (problem) problems.push(problem);
    else if (table) tables.push(table);
  }
  if (problems.length > 0) throw new TableExportError(exportId, problems);
  return tables;
}
