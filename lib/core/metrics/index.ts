export {
  LAKE_METRICS,
  type LakeMetric,
  type LakeMetricKey,
  type LakeMetricName,
  type LakeMetricScope,
  type LakeMetricUnit,
  STREAM_DIMENSIONS,
  TABLE_DIMENSIONS,
} from './lakeMetrics';
export {
  type StreamDimensions,
  streamDimensions,
  type TableDimensions,
  tableDimensions,
} from './metricDimensions';
