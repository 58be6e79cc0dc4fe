import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';

/** The Firehose metrics of delivery to S3 the archive is alarmed on. */
export type FirehoseDeliveryMetricName = 'DeliveryToS3.Success' | 'DeliveryToS3.DataFreshness';

/**
 * A delivery stream's delivery to S3 (AWS/Firehose, dimension `DeliveryStreamName`, "Monitor
 * Amazon Data Firehose with CloudWatch metrics", Firehose Developer Guide):
 * `DeliveryToS3.Success` is successful S3 puts over all puts (average; below 1 means puts
 * failed), `DeliveryToS3.DataFreshness` the age in seconds of the oldest record not yet delivered
 * (maximum). Five minutes.
 */
export function firehoseDeliveryMetric(
  deliveryStreamName: string,
  metricName: FirehoseDeliveryMetricName,
): cloudwatch.Metric {
  return new cloudwatch.Metric({
    namespace: 'AWS/Firehose',
    metricName,
    dimensionsMap: { DeliveryStreamName: deliveryStreamName },
    statistic: metricName === 'DeliveryToS3.Success' ? cloudwatch.Stats.AVERAGE : cloudwatch.Stats.MAXIMUM,
    period: Duration.minutes(5),
    label: metricName,
  });
}
