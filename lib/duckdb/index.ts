export { type CopyToParquetOptions, copyToParquet } from './copyToParquet';
export { countParquetRows } from './countParquetRows';
export { describeParquet } from './describeParquet';
export { duckdbThreads } from './duckdbThreads';
export {
  type InvalidValueFailure,
  type InvalidValueRecorder,
  openInvalidValueRecorder,
  registerInvalidValueFunction,
} from './invalidValueRecorder';
export { type CopyOutputFile, listCopyOutput } from './listCopyOutput';
export { memoryLimitForLambda } from './memoryLimitForLambda';
export { type OpenDuckdbOptions, openDuckdb } from './openDuckdb';
export { type JsonRow, queryRows } from './queryRows';
export { setMaskKey } from './setMaskKey';
export { withConnection } from './withConnection';
