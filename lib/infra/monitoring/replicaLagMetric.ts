import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';

/** How a source's replica reports its lag. */
export type ReplicaKind = 'instance' | 'aurora';

/**
 * The lag of one read replica, in seconds, whatever its kind: an RDS read replica's `ReplicaLag`
 * (seconds) or an Aurora reader's `AuroraReplicaLag` (milliseconds, divided here), both in
 * AWS/RDS per `DBInstanceIdentifier` ("Amazon CloudWatch metrics for Amazon RDS", RDS User Guide;
 * "Instance-level metrics for Amazon Aurora", Aurora User Guide). Maximum over one minute, labelled `replica <index + 1>`.
 */
export function replicaLagSecondsMetric(
  kind: ReplicaKind,
  instanceIdentifier: string,
  index: number,
): cloudwatch.Metric | cloudwatch.MathExpression {
  const label = `replica ${index + 1}`;
  const metric = new cloudwatch.Metric({
    namespace: 'AWS/RDS',
    metricName: kind === 'aurora' ? 'AuroraReplicaLag' : 'ReplicaLag',
    dimensionsMap: { DBInstanceIdentifier: instanceIdentifier },
    statistic: cloudwatch.Stats.MAXIMUM,
    period: Duration.minutes(1),
  });
  if (kind === 'instance') return metric.with({ label });
  return new cloudwatch.MathExpression({
    // Ids must differ between the replicas' expressions on one graph.
    expression: `lag${index} / 1000`,
    usingMetrics: { [`lag${index}`]: metric },
    label,
    period: Duration.minutes(1),
  });
}
