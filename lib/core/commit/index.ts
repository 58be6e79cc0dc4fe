export { athenaTypeToPresto } from './athenaTypeToPresto';
export type { CatalogColumn, CatalogPartition, CatalogTable, CatalogView } from './CatalogTable';
export { type CatalogNames, catalogNames } from './catalogNames';
export { type CommitLayout, commitLayout } from './commitLayout';
export {
  PREVIOUS_RUN_ID_PARAMETER,
  RUN_ID_PARAMETER,
  SNAPSHOT_TIME_PARAMETER,
  WATERMARK_PARAMETER,
} from './commitParameters';
export { type CommittedWatermark, committedWatermark } from './committedWatermark';
export { type CuratedTableSpec, curatedTable } from './curatedTable';
export { type CuratedViewSpec, curatedView, type LatestDedupe } from './curatedView';
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
export { glueViewInput, PRESTO_VIEW_PARAMETERS, type PrestoViewDefinition } from './glueViewInput';
export { isWidening } from './isWidening';
export { type LatestDedupeDecision, type LatestDedupeSpec, latestDedupe } from './latestDedupe';
export { normalizeAthenaType } from './normalizeAthenaType';
export { PARQUET_STORAGE, parquetStorageDescriptor } from './parquetStorageDescriptor';
export { parseManifest } from './parseManifest';
export { parsePrestoView, type StoredView } from './parsePrestoView';
export { partitionsToCreate } from './partitionsToCreate';
export { runIdOfKey } from './runIdOfKey';
export { type RunPartitionsOptions, runPartitions } from './runPartitions';
export { type RunSwitchRecords, runSwitchParameters } from './runSwitchParameters';
export { runsToDelete } from './runsToDelete';
export { sameTable } from './sameTable';
export { sameView } from './sameView';
export { tableExportToDelete } from './tableExportToDelete';
export { tableLabel } from './tableLabel';
export { uncommittedPartitions } from './uncommittedPartitions';
export { type ExpectedOutput, verifyRowCount, type WrittenTotals } from './verifyRowCount';
export { verifyWindowFollows } from './verifyWindowFollows';
export { writtenSchema } from './writtenSchema';
