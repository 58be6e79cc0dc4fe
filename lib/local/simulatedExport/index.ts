export { type ColumnFacts, exportColumn } from './exportColumn';
export { mysqlSourceReader } from './mysqlSourceReader';
export { postgresSourceReader } from './postgresSourceReader';
export type { SimulatedColumn } from './SimulatedColumn';
export type { SimulatedExport, SimulatedExportTable } from './SimulatedExport';
export type { SimulatedTableFailure, SimulateExportOptions } from './SimulateExportOptions';
export type { SourceReader } from './SourceReader';
export { simulateExport } from './simulateExport';
export { type WrittenParts, writeTableParts } from './writeTableParts';
