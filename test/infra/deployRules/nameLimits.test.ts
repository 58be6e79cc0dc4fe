import { Aws, Stack } from 'aws-cdk-lib';
import * as athena from 'aws-cdk-lib/aws-athena';
import * as dms from 'aws-cdk-lib/aws-dms';
import * as iam from 'aws-cdk-lib/aws-iam';
import { synthesizedStacks } from '../../../lib/infra/deployRules';
import { nameLimits } from '../../../lib/infra/deployRules/nameLimits';
import { TEST_ENV, testApp } from '../../helpers/testApp';

describe('nameLimits (each service’s API reference)', () => {
  it('reports an IAM role name over 64 characters, counting a region token at its longest', () => {
    // Arrange: 50 + 1 + 'ap-southeast-5' = 65 characters
    const app = testApp();
    const stack = new Stack(app, 'S', { env: TEST_ENV });
    new iam.Role(stack, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      roleName: `${'r'.repeat(50)}-${Aws.REGION}`,
    });
    new iam.Role(stack, 'Short', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      roleName: `${'r'.repeat(49)}-${Aws.REGION}`,
    });

    // Act
    const violations = nameLimits.check(synthesizedStacks(app.synth()));

    // Assert
    expect(violations.map((v) => v.message)).toEqual([
      expect.stringMatching(
        /AWS::IAM::Role RoleName "r{50}-ap-southeast-5" has 65 characters; AWS allows at most 64/,
      ),
    ]);
  });

  it('reports a workgroup name Athena would refuse, naming the limit and its page', () => {
    // Arrange
    const app = testApp();
    const stack = new Stack(app, 'S', { env: TEST_ENV });
    new athena.CfnWorkGroup(stack, 'TooLong', { name: 'w'.repeat(129) });
    new athena.CfnWorkGroup(stack, 'BadCharacter', { name: 'lake analysts' });

    // Act
    const violations = nameLimits.check(synthesizedStacks(app.synth()));

    // Assert
    expect(violations.map((v) => [v.resource, v.message])).toEqual([
      [
        'TooLong',
        expect.stringMatching(
          /has 129 characters; AWS allows at most 128 \(https:\/\/docs\.aws\.amazon\.com\/athena\//,
        ),
      ],
      ['BadCharacter', expect.stringContaining('does not match')],
    ]);
  });

  // CreateReplicationTask (AWS DMS API Reference): 1-255 letters, digits or hyphens, a letter first,
  // no trailing hyphen and no two consecutive hyphens; ReplicationConfigIdentifier is held to it.
  it('reports a DMS replication identifier with an underscore, a double or trailing hyphen, or over 255 characters', () => {
    // Arrange
    const app = testApp();
    const stack = new Stack(app, 'S', { env: TEST_ENV });
    const replication = (id: string, identifier: string) =>
      new dms.CfnReplicationConfig(stack, id, {
        replicationConfigIdentifier: identifier,
        replicationType: 'full-load-and-cdc',
        sourceEndpointArn: 'arn:aws:dms:eu-west-1:123456789012:endpoint:SOURCE',
        targetEndpointArn: 'arn:aws:dms:eu-west-1:123456789012:endpoint:TARGET',
        computeConfig: { maxCapacityUnits: 4 },
        tableMappings: { rules: [] },
      });
    replication('Underscore', 'lake-service_db-cdc');
    replication('DoubleHyphen', 'lake--service-cdc');
    replication('TrailingHyphen', 'lake-service-');
    replication('TooLong', `l${'a'.repeat(255)}`);
    replication('Fits', 'marketplace-service-db-cdc');

    // Act
    const violations = nameLimits.check(synthesizedStacks(app.synth()));

    // Assert
    expect(violations.map((v) => v.resource)).toEqual([
      'Underscore',
      'DoubleHyphen',
      'TrailingHyphen',
      'TooLong',
    ]);
  });
});
