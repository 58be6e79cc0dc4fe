export { athenaTypeToDuckdb } from './athenaTypeToDuckdb';
export type {
  ColumnTypeMapping,
  CuratedType,
  ParquetPhysicalType,
  ParquetType,
  RdsExportType,
} from './ColumnTypeMapping';
export { MAX_DECIMAL_PRECISION } from './decimalMapping';
export { duckdbTypeToAthena } from './duckdbTypeToAthena';
export type { MapSourceTypeOptions } from './MapSourceTypeOptions';
export { MYSQL_TYPE_NAMES } from './mapMysqlType';
export { isUnexportedPostgresType, POSTGRES_TYPE_NAMES } from './mapPostgresType';
export { mapSourceType } from './mapSourceType';
export { PG_ARRAY_JSON_FUNCTION, pgArrayJson } from './pgArrayJson';
export { RDS_EXPORT_DOC_URL } from './RDS_EXPORT_DOC_URL';
export type { SourceColumnType } from './SourceColumnType';
export type { SourceEngine } from './SourceEngine';
export {
  SOURCE_COLUMNS_SQL,
  type SourceCatalogColumn,
  type SourceColumnRow,
  sourceColumnFromRow,
} from './sourceColumnsQuery';
export { SOURCE_TABLES_SQL } from './sourceTablesQuery';
export { TYPE_MAPPING_ROWS, type TypeMappingRow } from './TYPE_MAPPING_ROWS';
export { typeMappingMarkdown, typeMappingTables } from './typeMappingMarkdown';
export {
  parseUnboundedNumeric,
  UNBOUNDED_NUMERIC_PATTERN,
  type UnboundedNumeric,
  unboundedNumericScale,
} from './unboundedNumeric';
