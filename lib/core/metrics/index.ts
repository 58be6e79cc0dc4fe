export { committedSourceMetrics } from './committedSourceMetrics';
export { type CommittedRun, committedTableMetrics } from './committedTableMetrics';
export { curatedPartMetrics } from './curatedPartMetrics';
export { type AsOfPlan, dataAsOf } from './dataAsOf';
export { freshnessSeconds } from './freshnessSeconds';
export { invalidValuesNulled } from './invalidValuesNulled';
export {
  LAKE_METRICS,
  type LakeMetric,
  type LakeMetricKey,
  type LakeMetricName,
  type LakeMetricScope,
  type LakeMetricUnit,
  SOURCE_DIMENSIONS,
  STREAM_DIMENSIONS,
  TABLE_DIMENSIONS,
} from './lakeMetrics';
export type { MetricValues } from './MetricValues';
export { maskedValues } from './maskedValues';
export {
  type SourceDimensions,
  type StreamDimensions,
  sourceDimensions,
  streamDimensions,
  type TableDimensions,
  tableDimensions,
} from './metricDimensions';
export { rowCountDifference } from './rowCountDifference';
export { runStart } from './runStart';
export { secondsSince } from './secondsSince';
