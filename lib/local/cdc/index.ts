export type { CapturedChange, CapturedTable, CapturedValue } from './CapturedChange';
export type { CaptureDeps, CaptureInput, CaptureResult } from './CaptureOnce';
export { captureMariadb } from './captureMariadb';
export { capturePostgres, captureSlotName } from './capturePostgres';
export { type CaptureState, captureStateFile, readCaptureState, writeCaptureState } from './captureState';
export { dmsFileKey, dmsTimestamp } from './dmsFileKey';
export { dmsParquetType } from './dmsParquetType';
export type { LocalCdcPipeline } from './LocalCdcPipeline';
export {
  type LocalCdcTaskHooks,
  type LocalCdcTasks,
  type LocalCdcTasksContext,
  localCdcTasks,
} from './localCdcTasks';
export { type LocalCdcResult, type LocalCdcTable, type RunLocalCdcOptions, runLocalCdc } from './runLocalCdc';
export { type CaptureTableInfo, writeCapturedTables } from './writeCapturedTables';
export { type DmsFile, type DmsFileColumn, writeDmsFile } from './writeDmsFile';
