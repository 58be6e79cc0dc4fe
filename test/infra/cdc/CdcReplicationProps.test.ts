import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { CdcReplication, type CdcReplicationProps } from '../../../lib/infra/cdc/CdcReplication';
import { DataLakeStorage } from '../../../lib/infra/storage/DataLakeStorage';
import { testStack } from '../../helpers/testApp';

/** Valid props in a fresh stack, with `overrides` applied. */
function build(overrides: Partial<CdcReplicationProps>): () => CdcReplication {
  const stack = testStack();
  const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 0 });
  const props: CdcReplicationProps = {
    identifier: 'lake-service-cdc',
    engine: 'mysql',
    aurora: false,
    databaseName: 'service',
    port: 3306,
    credentialsSecretArn: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:service-dms-AbCdEf',
    primarySecurityGroup: ec2.SecurityGroup.fromSecurityGroupId(stack, 'Primary', 'sg-0123456789abcdef0'),
    tables: [{ schema: 'service', name: 'users', droppedColumns: [] }],
    vpc,
    storage: new DataLakeStorage(stack, 'Storage'),
    rawPrefix: 'cdc/service/',
    ...overrides,
  };
  return () => new CdcReplication(stack, 'Cdc', props);
}

describe('CdcReplication props', () => {
  it('builds with valid props', () => {
    // Act / Assert
    expect(build({})).not.toThrow();
  });

  it.each<[string, Partial<CdcReplicationProps>, RegExp]>([
    // CreateReplicationTask (AWS DMS API Reference): letters, digits and single hyphens, a letter first.
    [
      'an identifier DMS refuses',
      { identifier: 'lake_service--cdc' },
      /identifier: got "lake_service--cdc"; must be 1 to 255 letters/,
    ],
    // ComputeConfig (AWS DMS API Reference): 1, 2, 4, 8, 16, 32, 64, 128, 192, 256 or 384 DCU.
    [
      'a capacity DMS does not offer',
      { maxCapacityUnits: 3 },
      /maxCapacityUnits: got 3; DMS Serverless takes 1, 2, 4, 8/,
    ],
    [
      'a minimum above the maximum',
      { maxCapacityUnits: 2, minCapacityUnits: 4 },
      /minCapacityUnits: got 4; must be at most maxCapacityUnits \(2\)/,
    ],
    ['no table', { tables: [] }, /tables: got none/],
    [
      'a prefix without its "/"',
      { rawPrefix: 'cdc/service' },
      /rawPrefix: got "cdc\/service"; must end with "\/"/,
    ],
  ])('refuses %s, naming the prop', (_title, overrides, message) => {
    // Act / Assert
    expect(build(overrides)).toThrow(message);
  });
});
