export { athenaTypeToPresto } from './athenaTypeToPresto';
export type { CatalogColumn, CatalogPartition, CatalogTable, CatalogView } from './CatalogTable';
export { type CommitLayout, commitLayout } from './commitLayout';
export {
  type CommitMetricValues,
  commitMetrics,
  type EmbeddedMetrics,
  METRICS_NAMESPACE,
  schemaChangeCounts,
} from './commitMetrics';
export { PREVIOUS_RUN_ID_PARAMETER, RUN_ID_PARAMETER } from './commitParameters';
export { type CuratedTableSpec, curatedTable } from './curatedTable';
export { evolveSchema, type SchemaChanges, type SchemaEvolution, type WidenedColumn } from './evolveSchema';
export type {
  GlueColumn,
  GluePartitionInput,
  GlueSerDeInfo,
  GlueStorageDescriptor,
  GlueTableInput,
} from './GlueInputTypes';
export { gluePartitionInput } from './gluePartitionInput';
export { glueTableInput } from './glueTableInput';
export { glueViewInput, type PrestoViewDefinition } from './glueViewInput';
export { isWidening } from './isWidening';
export { type LatestDedupeDecision, type LatestDedupeSpec, latestDedupe } from './latestDedupe';
export { type LatestDedupe, latestView } from './latestView';
export { normalizeAthenaType } from './normalizeAthenaType';
export { PARQUET_STORAGE, parquetStorageDescriptor } from './parquetStorageDescriptor';
export { parseManifest } from './parseManifest';
export { type PartitionChanges, type PartitionChangesOptions, partitionChanges } from './partitionChanges';
export { runIdOfKey } from './runIdOfKey';
export { type RunPartitionsOptions, runPartitions } from './runPartitions';
export { runsToDelete } from './runsToDelete';
export { sameTable } from './sameTable';
export { tableLabel } from './tableLabel';
export { type ExpectedOutput, verifyRowCount, type WrittenTotals } from './verifyRowCount';
export { writtenSchema } from './writtenSchema';
