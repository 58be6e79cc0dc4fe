export { type CopyToParquetOptions, copyToParquet } from './copyToParquet';
export { countParquetRows } from './countParquetRows';
export { describeParquet } from './describeParquet';
export { type CopyOutputFile, listCopyOutput } from './listCopyOutput';
export { memoryLimitForLambda } from './memoryLimitForLambda';
export { type OpenDuckdbOptions, openDuckdb } from './openDuckdb';
export { type JsonRow, queryRows } from './queryRows';
export { setMaskSalt } from './setMaskSalt';
export { withConnection } from './withConnection';
