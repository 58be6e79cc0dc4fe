import type * as z from 'zod';
import { formatIssues } from '../../config/formatIssues';
import { ExportInfoError } from '../errors';
import { type ExportInfo, exportInfoSchema } from './exportInfoSchema';
import { type ExportTablesInfo, exportTablesInfoSchema } from './exportTablesInfoSchema';

function parseWith<T extends z.ZodType>(schema: T, json: unknown, file: string): z.output<T> {
  const result = schema.safeParse(json);
  if (!result.success) throw new ExportInfoError(file, formatIssues(result.error.issues));
  return result.data;
}

/**
 * Parses an export's `export_info_<export id>.json` (already JSON-decoded).
 *
 * @param file the object key, named in the error
 * @throws ExportInfoError naming the file and every field that does not fit
 * @example
 * ```ts
 * const info = parseExportInfo(await store.getJson(bucket, key), key);
 * info.status; // 'COMPLETE'
 * ```
 */
export function parseExportInfo(json: unknown, file: string): ExportInfo {
  return parseWith(exportInfoSchema, json, file);
}

/**
 * Parses one `export_tables_info_<export id>_from_<n>_to_<m>.json` (already JSON-decoded).
 *
 * @param file the object key, named in the error
 * @throws ExportInfoError naming the file and every field that does not fit
 */
export function parseExportTablesInfo(json: unknown, file: string): ExportTablesInfo {
  return parseWith(exportTablesInfoSchema, json, file);
}
