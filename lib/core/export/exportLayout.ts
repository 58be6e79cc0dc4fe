// Key layout of an RDS snapshot export in S3; see RDS_EXPORT_FILES_DOC_URL.
import type { ExportTableRef } from './exportTarget';

/** Where an export lives in its bucket: `<prefix>/<export id>/` (`<export id>/` without a prefix). */
export function exportRootPrefix(prefix: string, exportId: string): string {
  const base = prefix.replace(/^\/+|\/+$/g, '');
  return base === '' ? `${exportId}/` : `${base}/${exportId}/`;
}

/** The key of the export's `export_info_<export id>.json`. */
export function exportInfoKey(prefix: string, exportId: string): string {
  return `${exportRootPrefix(prefix, exportId)}export_info_${exportId}.json`;
}

/** The key of one of the export's table info files, covering tables `from`..`to` (1-based). */
export function exportTablesInfoKey(prefix: string, exportId: string, from: number, to: number): string {
  return `${exportRootPrefix(prefix, exportId)}export_tables_info_${exportId}_from_${from}_to_${to}.json`;
}

/** Whether a key directly under the export's root is one of its table info files. */
export function isExportTablesInfoKey(key: string, prefix: string, exportId: string): boolean {
  const root = exportRootPrefix(prefix, exportId);
  if (!key.startsWith(root)) return false;
  const name = key.slice(root.length);
  return (
    name.startsWith(`export_tables_info_${exportId}_from_`) && name.endsWith('.json') && !name.includes('/')
  );
}

/**
 * The folder that holds one table's part files, below which the export writes
 * `<batch index>/part-<partition index>-<uuid>.gz.parquet`:
 * `<prefix>/<export id>/<database>/<schema or database>.<table>/`.
 *
 * @example
 * ```ts
 * tableExportPrefix('exports', 'run-1', { engine: 'mysql', database: 'service', schema: 'service', table: 'users' });
 * // 'exports/run-1/service/service.users/'
 * ```
 */
export function tableExportPrefix(prefix: string, exportId: string, ref: ExportTableRef): string {
  return `${exportRootPrefix(prefix, exportId)}${ref.database}/${ref.schema}.${ref.table}/`;
}

/** Whether a key is an export part file (`….parquet`), as opposed to `_SUCCESS` markers. */
export function isExportPartKey(key: string): boolean {
  return /\/part-[^/]*\.parquet$/.test(key);
}
