import { Metrics } from '@aws-lambda-powertools/metrics';
import {
  LAKE_METRICS,
  type LakeMetricKey,
  type MetricValues,
  type SourceDimensions,
  type StreamDimensions,
  type TableDimensions,
} from '../../core/metrics';
import type { MetricsPublisher } from './MetricsPublisher';

/**
 * Publishes the lake's metrics as CloudWatch Embedded Metric Format lines with Powertools
 * Metrics, in one namespace (`metricsNamespace(lake)`), with only the table's or stream's
 * dimensions: Powertools' default `service` dimension is cleared, so an alarm on
 * `{ Source, Table }`, `{ Source }` or `{ Stream }` finds them.
 *
 * Each `publish` flushes at once (`publishStoredMetrics`, "Flushing metrics" in the Powertools
 * Metrics docs: https://docs.aws.amazon.com/powertools/typescript/latest/core/metrics/#flushing-metrics):
 * a task that fails right after it still has its metrics out, and dimensions of one table never
 * mix with another's.
 *
 * @example
 * ```ts
 * const metrics = new PowertoolsMetricsPublisher(metricsNamespace('marketplace'));
 * metrics.publish(tableDimensions('service', 'users'), { rowsCommitted: 10 });
 * ```
 */
export class PowertoolsMetricsPublisher implements MetricsPublisher {
  private readonly metrics: Metrics;

  /** @param namespace the lake's CloudWatch namespace, `metricsNamespace(lake)` */
  public constructor(namespace: string) {
    this.metrics = new Metrics({ namespace });
    this.metrics.clearDefaultDimensions();
  }

  public publish(
    dimensions: TableDimensions | SourceDimensions | StreamDimensions,
    values: MetricValues,
  ): void {
    const entries = Object.entries(values) as [LakeMetricKey, number | undefined][];
    this.metrics.addDimensions({ ...dimensions });
    for (const [key, value] of entries) {
      if (value === undefined) continue;
      const metric = LAKE_METRICS[key];
      this.metrics.addMetric(metric.name, metric.unit, value);
    }
    this.metrics.publishStoredMetrics();
  }
}
