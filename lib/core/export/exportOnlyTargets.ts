import type { SourceConfig } from '../../config';
import { type FoundTable, unlistedTableMode, unlistedTables } from '../pipeline/plan/unlistedTables';
import { ExportOnlyError } from './ExportOnlyError';
import { exportOnlyList } from './exportOnlyList';
import { exportTarget } from './exportTarget';

/**
 * Largest `ExportOnly` list StartExportTask takes, in bytes: "For partial exports, the
 * ExportOnly list has a maximum size of 200 KB" (Amazon RDS User Guide and Amazon Aurora User
 * Guide, "Considerations for DB snapshot exports" / "Considerations for DB cluster snapshot
 * exports", Limitations). Counted as the JSON of the list, in UTF-8, with 1 KB = 1000 bytes.
 */
export const MAX_EXPORT_ONLY_BYTES = 200_000;

/**
 * Whether a run must list the source's tables before its export: with `includeTables: all` and
 * snapshot export as the default mode the export is asked only for the tables the lake keeps,
 * which only the database can tell (the config names the exclusions, not the tables).
 *
 * @example
 * ```ts
 * listsTablesToExport(allTablesSource); // true
 * listsTablesToExport(listedSource); // false: exportOnlyList(source) is known at synth
 * ```
 */
export function listsTablesToExport(source: SourceConfig): boolean {
  return unlistedTableMode(source) === 'snapshot-export';
}

/**
 * The `ExportOnly` entries of a run of a source with `includeTables: all`, from the tables the
 * database has now: the config's snapshot-export tables, then every other found table but
 * `excludeTables` (and tables listed in another mode), as `database.table` (MySQL) or
 * `database.schema.table` (PostgreSQL) — the formats StartExportTask's `ExportOnly` takes per
 * engine (Amazon RDS API Reference, StartExportTask). An excluded table is never named, so its rows
 * never reach the raw bucket. Names the lake curates are SQL identifiers (letters, digits, `_`),
 * which partial exports accept (the limitations above: Latin letters, digits, `$` and `_`); a found
 * table with another name must be excluded, as planning requires.
 *
 * @throws ExportOnlyError when no table is left to export, or the list exceeds
 *   {@link MAX_EXPORT_ONLY_BYTES}
 * @throws ConfigError naming a found table, not excluded, whose name the lake cannot curate
 * @example
 * ```ts
 * exportOnlyTargets(source, [{ schema: 'public', table: 'users' }, { schema: 'public', table: 'audit' }]);
 * // ['payments.public.users'] with excludeTables: [audit]
 * ```
 */
export function exportOnlyTargets(source: SourceConfig, found: readonly FoundTable[]): string[] {
  const unlisted = unlistedTables(source, found).map((table) =>
    exportTarget({
      engine: source.engine,
      database: source.database,
      schema: table.schema,
      table: table.name,
    }),
  );
  const targets = [...exportOnlyList(source), ...unlisted];
  if (targets.length === 0) {
    throw new ExportOnlyError(
      source.name,
      `database ${source.database} has no table to export once excludeTables are left out (found ${found.length}); allowed: at least one table the lake keeps`,
    );
  }
  const bytes = Buffer.byteLength(JSON.stringify(targets));
  if (bytes > MAX_EXPORT_ONLY_BYTES) {
    throw new ExportOnlyError(
      source.name,
      `the export would name ${targets.length} tables in ${bytes} bytes, over StartExportTask's ExportOnly limit of ${MAX_EXPORT_ONLY_BYTES}; allowed: list the tables (includeTables: listed) or curate some with mode replica-query`,
    );
  }
  return targets;
}
