import type { MetricValues, SourceDimensions, StreamDimensions, TableDimensions } from '../../core/metrics';

/**
 * Where a task's metrics go (see `LAKE_METRICS`): CloudWatch through Powertools Metrics on
 * Lambda (`PowertoolsMetricsPublisher`), nowhere in local mode, whose summary shows the same
 * values from the run log.
 */
export interface MetricsPublisher {
  /** Publishes `values` of one table's, source's or stream's metrics, at once. */
  publish(dimensions: TableDimensions | SourceDimensions | StreamDimensions, values: MetricValues): void;
}

/** The publisher that keeps nothing: local mode's, and a task's without metrics. */
export const NO_METRICS: MetricsPublisher = { publish: () => undefined };
