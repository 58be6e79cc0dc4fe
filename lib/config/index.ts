export { athenaTypeProblem } from './athenaType';
export { configErrorMap } from './configErrorMap';
export { configJsonSchemaText } from './configJsonSchema';
export { DEFAULT_CONFIG_PATH } from './defaultConfigPath';
export { formatIssues } from './formatIssues';
export { formatPath } from './formatPath';
export type { InvalidDates } from './invalidDates';
export type {
  ColumnRule,
  DataLakeConfig,
  DataLakeConfigInput,
  PartitionSpec,
  PoolConfig,
  SourceConfig,
  StreamConfig,
  TableConfig,
} from './lakeConfig';
export { lakeConfigSchema } from './lakeConfig';
export { loadConfig } from './loadConfig';
export { parseConfig } from './parseConfig';
export { DEFAULT_POOL } from './pool';
export type { Engine, ExtractMode } from './sourceDefaults';
