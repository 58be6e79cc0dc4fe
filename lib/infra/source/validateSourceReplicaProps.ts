import { Token } from 'aws-cdk-lib';
import type * as ec2 from 'aws-cdk-lib/aws-ec2';
import { type ConfigIssue, InvalidPropsError } from '../../core/errors';
import { CUSTOM_ENDPOINT_IDENTIFIER, MAX_CUSTOM_ENDPOINT_PREFIX } from '../../core/naming';
import type { SourceReplicaProps } from './SourceReplica';
import { SOURCE_ENGINES } from './sourceEngine';

/** Read replicas one RDS instance may have, as this lake allows it (the design's limit). */
export const MAX_INSTANCE_REPLICAS = 5;
/** Reader instances one Aurora cluster may have. */
export const MAX_AURORA_READERS = 15;
/** Enhanced monitoring intervals RDS accepts, in seconds; 0 turns enhanced monitoring off. */
export const MONITORING_INTERVALS_SECONDS: readonly number[] = [0, 1, 5, 10, 15, 30, 60];

/** RDS instance and cluster identifiers: a letter, then letters, digits and single hyphens, no trailing hyphen. */
const DB_IDENTIFIER = /^[a-zA-Z](-?[a-zA-Z0-9]){0,62}$/;
const SECURITY_GROUP_ID = /^sg-([0-9a-f]{8}|[0-9a-f]{17})$/;
const CLUSTER_RESOURCE_ID = /^cluster-[A-Z0-9]+$/;
/** Ports RDS for MySQL and PostgreSQL accept. */
const MIN_PORT = 1150;
const MAX_PORT = 65535;

/** The primary a valid {@link SourceReplicaProps} names, with what its kind of replica needs. */
export type SourceReplicaPrimary =
  | { readonly kind: 'instance'; readonly identifier: string; readonly vpc: ec2.IVpc }
  | { readonly kind: 'cluster'; readonly identifier: string; readonly securityGroupId: string };

function known(value: string | number | undefined): value is string | number {
  return value !== undefined && !Token.isUnresolved(value);
}

function primaryIssues(props: SourceReplicaProps): ConfigIssue[] {
  const { primaryInstanceIdentifier: instance, primaryClusterIdentifier: cluster } = props;
  const issues: ConfigIssue[] = [];
  if ((instance === undefined) === (cluster === undefined)) {
    issues.push({
      path: 'primaryInstanceIdentifier',
      message: `got ${instance === undefined ? 'neither' : 'both'} primaryInstanceIdentifier and primaryClusterIdentifier; give exactly one (an RDS instance or an Aurora cluster)`,
    });
  }
  for (const [path, id] of [
    ['primaryInstanceIdentifier', instance],
    ['primaryClusterIdentifier', cluster],
  ] as const) {
    if (known(id) && !DB_IDENTIFIER.test(id)) {
      issues.push({
        path,
        message: `got "${id}"; must be a letter, then letters, digits or single "-", no trailing "-", at most 63 characters`,
      });
    }
  }
  return issues;
}

function placementIssues(props: SourceReplicaProps): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  const isCluster = props.primaryClusterIdentifier !== undefined;
  const sg = props.clusterSecurityGroupId;
  if (isCluster && sg === undefined) {
    issues.push({
      path: 'clusterSecurityGroupId',
      message:
        'missing; an Aurora cluster has one security group for all its instances, give its id so the pipeline can be let in',
    });
  }
  if (props.primaryInstanceIdentifier !== undefined && props.vpc === undefined) {
    issues.push({
      path: 'vpc',
      message: 'missing; RDS read replicas need a VPC for their subnet group and security group',
    });
  }
  if (!isCluster && sg !== undefined) {
    issues.push({
      path: 'clusterSecurityGroupId',
      message: `got "${sg}"; only allowed with primaryClusterIdentifier (instance replicas get their own security group)`,
    });
  }
  if (known(sg) && !SECURITY_GROUP_ID.test(sg)) {
    issues.push({
      path: 'clusterSecurityGroupId',
      message: `got "${sg}"; must be "sg-" then 8 or 17 lower-case hex digits`,
    });
  }
  const resourceId = props.clusterResourceId;
  if (!isCluster && resourceId !== undefined) {
    issues.push({
      path: 'clusterResourceId',
      message: `got "${resourceId}"; only allowed with primaryClusterIdentifier`,
    });
  }
  if (known(resourceId) && !CLUSTER_RESOURCE_ID.test(resourceId)) {
    issues.push({
      path: 'clusterResourceId',
      message: `got "${resourceId}"; must be the cluster's resource id, "cluster-" then upper-case letters and digits`,
    });
  }
  return [...issues, ...customEndpointIssues(props.customEndpointPrefix, isCluster)];
}

function customEndpointIssues(prefix: string | undefined, isCluster: boolean): ConfigIssue[] {
  if (prefix === undefined || Token.isUnresolved(prefix)) return [];
  if (!isCluster) {
    return [
      {
        path: 'customEndpointPrefix',
        message: `got "${prefix}"; only allowed with primaryClusterIdentifier`,
      },
    ];
  }
  if (!CUSTOM_ENDPOINT_IDENTIFIER.test(prefix) || prefix.length > MAX_CUSTOM_ENDPOINT_PREFIX) {
    return [
      {
        path: 'customEndpointPrefix',
        message: `got "${prefix}"; must be a lower-case letter, then lower-case letters, digits or single "-", no trailing "-", at most ${MAX_CUSTOM_ENDPOINT_PREFIX} characters (custom endpoint identifiers are at most 63)`,
      },
    ];
  }
  return [];
}

function sizingIssues(props: SourceReplicaProps): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  const isCluster =
    props.primaryClusterIdentifier !== undefined && props.primaryInstanceIdentifier === undefined;
  const max = isCluster ? MAX_AURORA_READERS : MAX_INSTANCE_REPLICAS;
  const count = props.count;
  if (known(count) && (!Number.isInteger(count) || count < 1 || count > max)) {
    issues.push({
      path: 'count',
      message: `got ${count}; must be a whole number from 1 to ${max} (${isCluster ? 'Aurora readers per cluster' : 'read replicas per RDS instance'})`,
    });
  }
  const port = props.port;
  if (known(port) && (!Number.isInteger(port) || port < MIN_PORT || port > MAX_PORT)) {
    issues.push({
      path: 'port',
      message: `got ${port}; must be a whole number from ${MIN_PORT} to ${MAX_PORT}`,
    });
  }
  const interval = props.monitoringInterval;
  if (interval !== undefined && !interval.isUnresolved()) {
    const seconds = interval.toSeconds({ integral: false });
    if (!MONITORING_INTERVALS_SECONDS.includes(seconds)) {
      issues.push({
        path: 'monitoringInterval',
        message: `got ${seconds} s; must be one of ${MONITORING_INTERVALS_SECONDS.join(', ')} seconds (0 turns enhanced monitoring off)`,
      });
    }
  }
  if (props.enablePerformanceInsights === false && props.performanceInsightsEncryptionKey !== undefined) {
    issues.push({
      path: 'performanceInsightsEncryptionKey',
      message: 'given while enablePerformanceInsights is false; remove it or turn Performance Insights on',
    });
  }
  return issues;
}

/**
 * Checks {@link SourceReplicaProps} before anything is built, skipping values that
 * are tokens, and throws one {@link InvalidPropsError} listing every problem.
 *
 * @param constructPath the replica construct's path, for the error
 * @returns the primary the props name, with the VPC (instance) or security group (cluster) it needs
 * @throws InvalidPropsError naming each bad prop, the value received and what is allowed
 */
export function validateSourceReplicaProps(
  constructPath: string,
  props: SourceReplicaProps,
): SourceReplicaPrimary {
  const issues: ConfigIssue[] = [];
  if (!Object.hasOwn(SOURCE_ENGINES, props.engine)) {
    issues.push({
      path: 'engine',
      message: `got "${String(props.engine)}"; must be one of ${Object.keys(SOURCE_ENGINES).join(', ')}`,
    });
  }
  issues.push(...primaryIssues(props), ...placementIssues(props), ...sizingIssues(props));
  const { primaryInstanceIdentifier: instance, primaryClusterIdentifier: cluster, vpc } = props;
  const sg = props.clusterSecurityGroupId;
  if (issues.length === 0 && instance !== undefined && vpc !== undefined) {
    return { kind: 'instance', identifier: instance, vpc };
  }
  if (issues.length === 0 && cluster !== undefined && sg !== undefined) {
    return { kind: 'cluster', identifier: cluster, securityGroupId: sg };
  }
  throw new InvalidPropsError(constructPath, issues);
}
