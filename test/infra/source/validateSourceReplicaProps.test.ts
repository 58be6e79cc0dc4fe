import { Duration, Lazy, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as kms from 'aws-cdk-lib/aws-kms';
import { type ConfigIssue, InvalidPropsError } from '../../../lib/core/errors';
import type { SourceReplicaProps } from '../../../lib/infra/source/SourceReplica';
import { validateSourceReplicaProps } from '../../../lib/infra/source/validateSourceReplicaProps';

const VPC = ec2.Vpc.fromVpcAttributes(new Stack(), 'Vpc', {
  vpcId: 'vpc-0a1b2c3d4e5f67890',
  availabilityZones: ['eu-west-1a', 'eu-west-1b'],
  isolatedSubnetIds: ['subnet-0123456789abcdef0', 'subnet-0fedcba9876543210'],
});
const INSTANCE: SourceReplicaProps = { engine: 'mysql', primaryInstanceIdentifier: 'prod-db', vpc: VPC };
const CLUSTER: SourceReplicaProps = {
  engine: 'postgres',
  primaryClusterIdentifier: 'prod-cluster',
  clusterSecurityGroupId: 'sg-0123456789abcdef0',
};

/** The issues `props` are refused with; none when they are valid. */
function issuesOf(props: SourceReplicaProps): readonly ConfigIssue[] {
  try {
    validateSourceReplicaProps('Lake/Replica', props);
  } catch (error) {
    if (error instanceof InvalidPropsError) return error.issues;
    throw error;
  }
  return [];
}

describe('validateSourceReplicaProps', () => {
  it.each([
    ['an upper-case letter', 'Lake-service'],
    ['a trailing hyphen', 'lake-service-'],
    ['a double hyphen', 'lake--service'],
    ['an underscore', 'lake_service'],
    [
      '54 characters (63 with "-analytics" is the most a custom endpoint identifier may have)',
      `l${'a'.repeat(53)}`,
    ],
  ])(
    'refuses a custom endpoint prefix with %s (AWS::RDS::DBClusterEndpoint identifier rules)',
    (_, prefix) => {
      // Act
      const issues = issuesOf({ ...CLUSTER, customEndpointPrefix: prefix });

      // Assert
      expect(issues).toEqual([
        {
          path: 'customEndpointPrefix',
          message: `got "${prefix}"; must be a lower-case letter, then lower-case letters, digits or single "-", no trailing "-", at most 53 characters (custom endpoint identifiers are at most 63)`,
        },
      ]);
    },
  );

  it('accepts a custom endpoint prefix of 53 characters', () => {
    // Act / Assert
    expect(issuesOf({ ...CLUSTER, customEndpointPrefix: `l${'a'.repeat(52)}` })).toEqual([]);
  });

  it('refuses a custom endpoint prefix for instance replicas, which have no custom endpoints', () => {
    // Act
    const issues = issuesOf({ ...INSTANCE, customEndpointPrefix: 'lake-service' });

    // Assert
    expect(issues).toEqual([
      {
        path: 'customEndpointPrefix',
        message: 'got "lake-service"; only allowed with primaryClusterIdentifier',
      },
    ]);
  });

  it.each([INSTANCE, CLUSTER])('accepts a valid primary (%o)', (props) => {
    // Act
    const issues = issuesOf(props);

    // Assert
    expect(issues).toEqual([]);
  });

  it('refuses both primary identifiers', () => {
    // Act
    const issues = issuesOf({ ...CLUSTER, primaryInstanceIdentifier: 'prod-db' });

    // Assert
    expect(issues).toContainEqual({
      path: 'primaryInstanceIdentifier',
      message:
        'got both primaryInstanceIdentifier and primaryClusterIdentifier; give exactly one (an RDS instance or an Aurora cluster)',
    });
  });

  it('refuses neither primary identifier', () => {
    // Act
    const issues = issuesOf({ engine: 'mysql' });

    // Assert
    expect(issues).toEqual([
      {
        path: 'primaryInstanceIdentifier',
        message:
          'got neither primaryInstanceIdentifier and primaryClusterIdentifier; give exactly one (an RDS instance or an Aurora cluster)',
      },
    ]);
  });

  it.each([
    ['primaryInstanceIdentifier', { ...INSTANCE, primaryInstanceIdentifier: '1prod' }, '1prod'],
    ['primaryInstanceIdentifier', { ...INSTANCE, primaryInstanceIdentifier: 'prod--db' }, 'prod--db'],
    ['primaryInstanceIdentifier', { ...INSTANCE, primaryInstanceIdentifier: 'prod-' }, 'prod-'],
    ['primaryClusterIdentifier', { ...CLUSTER, primaryClusterIdentifier: 'prod_cluster' }, 'prod_cluster'],
    [
      'primaryClusterIdentifier',
      { ...CLUSTER, primaryClusterIdentifier: `a${'b'.repeat(63)}` },
      `a${'b'.repeat(63)}`,
    ],
  ])('refuses a bad %s %#', (path, props, value) => {
    // Act
    const issues = issuesOf(props);

    // Assert
    expect(issues).toEqual([
      {
        path,
        message: `got "${value}"; must be a letter, then letters, digits or single "-", no trailing "-", at most 63 characters`,
      },
    ]);
  });

  it.each([
    [INSTANCE, 6, 'must be a whole number from 1 to 5 (read replicas per RDS instance)'],
    [INSTANCE, 0, 'must be a whole number from 1 to 5 (read replicas per RDS instance)'],
    [INSTANCE, 1.5, 'must be a whole number from 1 to 5 (read replicas per RDS instance)'],
    [CLUSTER, 16, 'must be a whole number from 1 to 15 (Aurora readers per cluster)'],
  ])('refuses count outside the limit (%#)', (base, count, allowed) => {
    // Act
    const issues = issuesOf({ ...base, count });

    // Assert
    expect(issues).toEqual([{ path: 'count', message: `got ${count}; ${allowed}` }]);
  });

  it.each([
    [INSTANCE, 5],
    [CLUSTER, 15],
  ])('accepts count at the limit (%#)', (base, count) => {
    // Act
    const issues = issuesOf({ ...base, count });

    // Assert
    expect(issues).toEqual([]);
  });

  it('returns the primary with what its replicas need', () => {
    // Act
    const instance = validateSourceReplicaProps('Lake/Replica', INSTANCE);
    const cluster = validateSourceReplicaProps('Lake/Replica', CLUSTER);

    // Assert
    expect(instance).toEqual({ kind: 'instance', identifier: 'prod-db', vpc: VPC });
    expect(cluster).toEqual({
      kind: 'cluster',
      identifier: 'prod-cluster',
      securityGroupId: 'sg-0123456789abcdef0',
    });
  });

  it('requires a VPC with an instance primary', () => {
    // Act
    const issues = issuesOf({ ...INSTANCE, vpc: undefined });

    // Assert
    expect(issues).toEqual([
      {
        path: 'vpc',
        message: 'missing; RDS read replicas need a VPC for their subnet group and security group',
      },
    ]);
  });

  it('requires the cluster security group with an Aurora primary', () => {
    // Act
    const issues = issuesOf({ ...CLUSTER, clusterSecurityGroupId: undefined });

    // Assert
    expect(issues).toEqual([
      {
        path: 'clusterSecurityGroupId',
        message:
          'missing; an Aurora cluster has one security group for all its instances, give its id so the pipeline can be let in',
      },
    ]);
  });

  it('refuses cluster-only props with an instance primary', () => {
    // Act
    const issues = issuesOf({
      ...INSTANCE,
      clusterSecurityGroupId: 'sg-0123456789abcdef0',
      clusterResourceId: 'cluster-ABC123',
    });

    // Assert
    expect(issues.map((issue) => issue.path)).toEqual(['clusterSecurityGroupId', 'clusterResourceId']);
    expect(issues[0]?.message).toMatch(
      /^got "sg-0123456789abcdef0"; only allowed with primaryClusterIdentifier/,
    );
  });

  it.each([
    [
      'clusterSecurityGroupId',
      { ...CLUSTER, clusterSecurityGroupId: 'sg-12' },
      'got "sg-12"; must be "sg-" then',
    ],
    [
      'clusterResourceId',
      { ...CLUSTER, clusterResourceId: 'prod-cluster' },
      'got "prod-cluster"; must be the',
    ],
  ])('refuses a malformed %s', (path, props, message) => {
    // Act
    const issues = issuesOf(props);

    // Assert
    expect(issues).toEqual([{ path, message: expect.stringMatching(`^${message}`) }]);
  });

  it.each([80, 1149, 65536, 3306.5])('refuses port %p', (port) => {
    // Act
    const issues = issuesOf({ ...INSTANCE, port });

    // Assert
    expect(issues).toEqual([
      { path: 'port', message: `got ${port}; must be a whole number from 1150 to 65535` },
    ]);
  });

  it.each([Duration.seconds(2), Duration.minutes(2), Duration.millis(1500)])(
    'refuses monitoringInterval %s',
    (monitoringInterval) => {
      // Act
      const issues = issuesOf({ ...INSTANCE, monitoringInterval });

      // Assert
      expect(issues).toEqual([
        {
          path: 'monitoringInterval',
          message: `got ${monitoringInterval.toSeconds({ integral: false })} s; must be one of 0, 1, 5, 10, 15, 30, 60 seconds (0 turns enhanced monitoring off)`,
        },
      ]);
    },
  );

  it('refuses an engine other than mysql or postgres', () => {
    // Act
    const issues = issuesOf({ ...INSTANCE, engine: 'oracle' as SourceReplicaProps['engine'] });

    // Assert
    expect(issues).toEqual([{ path: 'engine', message: 'got "oracle"; must be one of mysql, postgres' }]);
  });

  it('refuses a Performance Insights key with Performance Insights off', () => {
    // Arrange
    const key = new kms.Key(new Stack(), 'Key');

    // Act
    const issues = issuesOf({
      ...INSTANCE,
      enablePerformanceInsights: false,
      performanceInsightsEncryptionKey: key,
    });

    // Assert
    expect(issues.map((issue) => issue.path)).toEqual(['performanceInsightsEncryptionKey']);
  });

  it('reports every problem at once, under the construct path', () => {
    // Act
    const act = () => validateSourceReplicaProps('Lake/Replica', { engine: 'mysql', count: 99, port: 1 });

    // Assert
    expect(act).toThrow(
      /^Invalid props for Lake\/Replica:\n {2}primaryInstanceIdentifier: .*\n {2}count: .*\n {2}port: /,
    );
  });

  it('skips values that are tokens, known only at deploy time', () => {
    // Arrange
    const token = Lazy.string({ produce: () => 'prod-db' });

    // Act
    const issues = issuesOf({
      ...INSTANCE,
      primaryInstanceIdentifier: token,
      count: Lazy.number({ produce: () => 9 }),
    });

    // Assert
    expect(issues).toEqual([]);
  });
});
