import type { SourceConfig, TableConfig } from '../../../config';
import { type ExportTablesInfo, parseExportTarget } from '../../export';
import { unlistedTableMode, unlistedTables } from './unlistedTables';

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
  if (unlistedTableMode(source) !== 'snapshot-export') return configured;
  const found = info.perTableStatus.flatMap((entry) => {
    const ref = parseExportTarget(entry.target, source.engine);
    return ref && ref.database === source.database ? [{ schema: ref.schema, table: ref.table }] : [];
  });
  return [...configured, ...unlistedTables(source, found)];
}
