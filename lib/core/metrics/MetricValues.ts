import type { LakeMetricKey } from './lakeMetrics';

/** Values of some of the lake's metrics (see `LAKE_METRICS`), by key. */
export type MetricValues = { readonly [Key in LakeMetricKey]?: number };
