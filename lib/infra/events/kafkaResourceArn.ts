import { ArnFormat, Fn, Stack } from 'aws-cdk-lib';
import type { Construct } from 'constructs';

/** The ARN kinds MSK IAM authorization scopes its `kafka-cluster:*` actions to. */
export type KafkaResourceKind = 'topic' | 'group' | 'transactional-id';

/**
 * The ARN of a topic, consumer group or transactional id of an MSK cluster:
 * `arn:<partition>:kafka:<region>:<account>:<kind>/<cluster-name>/<cluster-uuid>/<name>`.
 *
 * The cluster's UUID is only known once it is deployed, so it is cut from the cluster ARN
 * (`…:cluster/<cluster-name>/<cluster-uuid>`) with `Fn::Split`/`Fn::Select`: the policy names one
 * cluster instead of `*`.
 *
 * @param clusterArn the cluster's ARN (a token at synth)
 * @param clusterName the cluster's name, as given to the cluster
 * @param name the topic or group name; may end in `*` for a prefix
 * @example
 * ```ts
 * kafkaResourceArn(this, cluster.attrArn, 'lake-events', 'topic', 'app.events');
 * // arn:aws:kafka:eu-west-1:123456789012:topic/lake-events/<uuid>/app.events
 * ```
 */
export function kafkaResourceArn(
  scope: Construct,
  clusterArn: string,
  clusterName: string,
  kind: KafkaResourceKind,
  name: string,
): string {
  const clusterUuid = Fn.select(2, Fn.split('/', clusterArn));
  return Stack.of(scope).formatArn({
    service: 'kafka',
    resource: kind,
    resourceName: `${clusterName}/${clusterUuid}/${name}`,
    arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
  });
}
