import { parseConfig } from '../../lib/config';
import { ConfigError, type ConfigIssue } from '../../lib/core/errors';
import { configWith, validConfig, validSource, validTable } from '../helpers/configFactory';

const DMS_SECRET = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:service-dms-AbCdEf';

/** The lake in the primary's VPC, as a source with cdc tables needs. */
const importedNetwork = {
  vpcId: 'vpc-0a1b2c3d4e5f67890',
  subnetIds: ['subnet-0123456789abcdef0', 'subnet-0fedcba9876543210'],
  availabilityZones: ['eu-west-1a', 'eu-west-1b'],
  cidrBlock: '10.20.0.0/16',
  endpoints: 'create' as const,
  routeTableIds: ['rtb-0a1b2c3d4e5f67890', 'rtb-0a1b2c3d4e5f67890'],
};

/** A valid config whose one RDS MySQL source captures `users` in mode cdc. */
function cdcConfig(): unknown {
  return validConfig({
    network: importedNetwork,
    sources: [
      validSource({
        includeTables: 'listed',
        tables: [validTable({ mode: 'cdc', columns: { password_hash: 'drop' } })],
        cdc: { credentialsSecretArn: DMS_SECRET, securityGroupId: 'sg-0123456789abcdef0' },
      }),
    ],
  });
}

/** The issues of the ConfigError that parsing `input` throws; fails the test when it does not throw one. */
function issuesOf(input: unknown): readonly ConfigIssue[] {
  try {
    parseConfig(input);
  } catch (error) {
    if (error instanceof ConfigError) return error.issues;
    throw error;
  }
  throw new Error('expected parseConfig to throw a ConfigError');
}

describe('mode cdc', () => {
  it('takes a cdc table with its DMS settings, filling the capacity and Multi-AZ defaults', () => {
    // Act
    const [source] = parseConfig(cdcConfig()).sources;

    // Assert
    expect(source?.tables[0]?.mode).toBe('cdc');
    expect(source?.cdc).toEqual({
      credentialsSecretArn: DMS_SECRET,
      securityGroupId: 'sg-0123456789abcdef0',
      maxCapacityUnits: 4,
      multiAz: true,
      lobMaxSizeKb: 1024,
      applySchedule: 'rate(15 minutes)',
    });
  });

  it('resolves a listed table to cdc through defaultMode', () => {
    // Act
    const config = parseConfig(
      configWith({ 'sources[0].defaultMode': 'cdc', 'sources[0].tables[0].mode': undefined }, cdcConfig()),
    );

    // Assert
    expect(config.sources[0]?.tables[0]?.mode).toBe('cdc');
  });

  it.each<[string, Record<string, unknown>, string, RegExp]>([
    [
      'includeTables all with cdc as the default mode (the DMS table mappings list tables at deploy time)',
      { 'sources[0].includeTables': 'all', 'sources[0].defaultMode': 'cdc' },
      'sources[0].defaultMode',
      /received "cdc" with includeTables "all": the DMS replication selects the listed tables only/,
    ],
    [
      'a cdc table without the source cdc settings',
      { 'sources[0].cdc': undefined },
      'sources[0].cdc',
      /received nothing with 1 table\(s\) in mode cdc \(users\); required: cdc.credentialsSecretArn/,
    ],
    [
      'cdc settings without a cdc table',
      { 'sources[0].tables[0].mode': 'replica-query' },
      'sources[0].cdc',
      /received cdc settings, but no table is in mode cdc/,
    ],
    [
      'an RDS instance primary without its security group (DMS reads the primary, whose group the lake opens)',
      { 'sources[0].cdc.securityGroupId': undefined },
      'sources[0].cdc.securityGroupId',
      /received nothing with an RDS instance primary; required: the primary's security group/,
    ],
    [
      'a lake not in the primary VPC (security-group references do not cross VPCs)',
      { network: undefined },
      'sources[0].cdc',
      /received cdc settings, but network.vpcId is not set/,
    ],
    [
      'an apply schedule EventBridge does not take (a five-field Unix cron)',
      { 'sources[0].cdc.applySchedule': 'cron(*/5 * * * *)' },
      'sources[0].cdc.applySchedule',
      /allowed: an EventBridge schedule/,
    ],
    [
      'a minimum capacity above the maximum',
      { 'sources[0].cdc.minCapacityUnits': 8 },
      'sources[0].cdc.minCapacityUnits',
      /received 8, above maxCapacityUnits 4/,
    ],
    [
      // ComputeConfig (AWS DMS API Reference): valid DCU values 1, 2, 4, 8, 16, 32, 64, 128, 192, 256, 384.
      'a capacity DMS Serverless does not offer (ComputeConfig: 1, 2, 4, …, 384 DCU)',
      { 'sources[0].cdc.maxCapacityUnits': 3 },
      'sources[0].cdc.maxCapacityUnits',
      /received 3; allowed: 1 \| 2 \| 4 \| 8 \| 16 \| 32 \| 64 \| 128 \| 192 \| 256 \| 384/,
    ],
    [
      // Target metadata task settings (AWS DMS User Guide): LobMaxSize at most 102400 KB recommended.
      'a LOB size above the 102400 KB AWS recommends at most',
      { 'sources[0].cdc.lobMaxSizeKb': 102401 },
      'sources[0].cdc.lobMaxSizeKb',
      /102400/,
    ],
    [
      'a watermark column on a cdc table',
      { 'sources[0].tables[0].watermarkColumn': 'updated_at' },
      'sources[0].tables[0].watermarkColumn',
      /received "updated_at" with mode cdc; allowed only with mode incremental/,
    ],
  ])('refuses %s, naming the field', (_title, values, path, message) => {
    // Act
    const issues = issuesOf(configWith(values, cdcConfig()));

    // Assert
    expect(issues).toContainEqual({ path, message: expect.stringMatching(message) });
  });

  it("refuses cdc.securityGroupId on an Aurora primary: the cluster's group is primary.securityGroupId", () => {
    // Arrange
    const input = configWith(
      {
        'sources[0].primary': {
          clusterIdentifier: 'service-aurora',
          securityGroupId: 'sg-0a1b2c3d4e5f67890',
        },
      },
      cdcConfig(),
    );

    // Act
    const issues = issuesOf(input);

    // Assert
    expect(issues).toContainEqual({
      path: 'sources[0].cdc.securityGroupId',
      message: expect.stringMatching(/with an Aurora primary; allowed: nothing/),
    });
  });

  it('takes an Aurora primary without cdc.securityGroupId', () => {
    // Arrange
    const input = configWith(
      {
        'sources[0].primary': {
          clusterIdentifier: 'service-aurora',
          securityGroupId: 'sg-0a1b2c3d4e5f67890',
        },
        'sources[0].cdc.securityGroupId': undefined,
      },
      cdcConfig(),
    );

    // Act
    const [source] = parseConfig(input).sources;

    // Assert
    expect(source?.cdc?.securityGroupId).toBeUndefined();
  });
});
