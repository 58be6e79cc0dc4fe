import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { LAKE_METRICS, type LakeMetricKey, tableDimensions } from '../../core/metrics';
import { metricsNamespace } from '../../core/naming';

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
  return new cloudwatch.Metric({
    namespace: metricsNamespace(lakeName),
    metricName: LAKE_METRICS[key].name,
    dimensionsMap: { ...tableDimensions(source, table) },
    statistic,
    period,
    label: table,
  });
}
