export { assertTablesExported } from './assertTablesExported';
export { ExportOnlyError } from './ExportOnlyError';
export { EXPORT_TABLE_COMPLETE, type ExportedTable, exportedTables } from './exportedTables';
export { type ExportInfo, exportInfoSchema } from './exportInfoSchema';
export {
  exportInfoKey,
  exportRootPrefix,
  exportTablesInfoKey,
  isExportPartKey,
  isExportTablesInfoKey,
  tableExportPrefix,
} from './exportLayout';
export { exportOnlyList } from './exportOnlyList';
export { exportOnlyTargets, listsTablesToExport, MAX_EXPORT_ONLY_BYTES } from './exportOnlyTargets';
export {
  type ExportColumnMapping,
  type ExportTableStatus,
  type ExportTablesInfo,
  exportColumnMappingSchema,
  exportTableStatusSchema,
  exportTablesInfoSchema,
} from './exportTablesInfoSchema';
export { type ExportTableRef, exportTarget, parseExportTarget } from './exportTarget';
export { NoAutomatedSnapshotError } from './NoAutomatedSnapshotError';
export { type ListedSnapshot, newestAvailableSnapshot } from './newestAvailableSnapshot';
export { parseExportInfo, parseExportTablesInfo } from './parseExportJson';
export { RDS_EXPORT_FILES_DOC_URL } from './RDS_EXPORT_FILES_DOC_URL';
export { type ExportSourceColumn, sourceColumnsFromExport } from './sourceColumnsFromExport';
