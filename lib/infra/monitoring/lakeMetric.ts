import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import {
  LAKE_METRICS,
  type LakeMetricKey,
  type SourceDimensions,
  sourceDimensions,
  type TableDimensions,
  tableDimensions,
} from '../../core/metrics';
import { metricsNamespace } from '../../core/naming';

function lakeMetric(
  lakeName: string,
  key: LakeMetricKey,
  dimensions: TableDimensions | SourceDimensions,
  statistic: string,
  period: Duration,
  label: string,
): cloudwatch.Metric {
  return new cloudwatch.Metric({
    namespace: metricsNamespace(lakeName),
    metricName: LAKE_METRICS[key].name,
    dimensionsMap: { ...dimensions },
    statistic,
    period,
    label,
  });
}

/**
 * One of the metrics the lake's functions publish for a table (`LAKE_METRICS`), in the lake's
 * namespace with dimensions {Source, Table}, as the commit publishes it.
 *
 * @example
 * ```ts
 * tableMetric('marketplace', 'service', 'users', 'freshnessSeconds', cloudwatch.Stats.MAXIMUM);
 * ```
 */
export function tableMetric(
  lakeName: string,
  source: string,
  table: string,
  key: LakeMetricKey,
  statistic: string,
  period: Duration = Duration.minutes(5),
): cloudwatch.Metric {
  return lakeMetric(lakeName, key, tableDimensions(source, table), statistic, period, table);
}

/**
 * One of the metrics the lake's functions publish for a whole source (scope `source` in
 * `LAKE_METRICS`), with dimension {Source}.
 *
 * @example
 * ```ts
 * sourceMetric('marketplace', 'service', 'freshnessPercentOfSlo', cloudwatch.Stats.MAXIMUM, Duration.days(1));
 * ```
 */
export function sourceMetric(
  lakeName: string,
  source: string,
  key: LakeMetricKey,
  statistic: string,
  period: Duration = Duration.minutes(5),
): cloudwatch.Metric {
  return lakeMetric(lakeName, key, sourceDimensions(source), statistic, period, source);
}
