import type { SourceConfig, TableConfig } from '../../../config';
import { tableSchema } from '../../../config/table';
import { type ExportTablesInfo, parseExportTarget } from '../../export';

/** A table every default applies to: what `includeTables: all` curates for a table not listed. */
function defaultTable(name: string, schema: string): TableConfig {
  const parsed = tableSchema.parse({ name, schema });
  return { ...parsed, schema, mode: 'snapshot-export', columns: {}, partitionBy: [] };
}

/**
 * Whether `excludeTables` of the source names the table, by name or as `schema.table`.
 *
 * @example
 * ```ts
 * isExcludedTable(source, 'public', 'audit_log'); // true with excludeTables: [audit_log]
 * ```
 */
export function isExcludedTable(source: SourceConfig, schema: string, table: string): boolean {
  return source.excludeTables.some((reference) => reference === table || reference === `${schema}.${table}`);
}

/**
 * The tables one snapshot run of a source curates: its snapshot-export tables, and with
 * `includeTables: all` (and snapshot export as the default mode) also every other table the
 * export lists for the source's database — whatever its status, so a failed one is reported —
 * except `excludeTables`, with default settings.
 *
 * @example
 * ```ts
 * snapshotTables(source, tablesInfo).map((table) => table.name); // ['items', 'orders']
 * ```
 */
export function snapshotTables(source: SourceConfig, info: ExportTablesInfo): TableConfig[] {
  const configured = source.tables.filter((table) => table.mode === 'snapshot-export');
  if (source.includeTables !== 'all' || source.defaultMode !== 'snapshot-export') return configured;
  const listed = new Set(source.tables.map((table) => `${table.schema}.${table.name}`));
  const discovered = info.perTableStatus.flatMap((entry): TableConfig[] => {
    const ref = parseExportTarget(entry.target, source.engine);
    if (!ref || ref.database !== source.database) return [];
    if (listed.has(`${ref.schema}.${ref.table}`) || isExcludedTable(source, ref.schema, ref.table)) return [];
    listed.add(`${ref.schema}.${ref.table}`);
    return [defaultTable(ref.table, ref.schema)];
  });
  return [...configured, ...discovered];
}
