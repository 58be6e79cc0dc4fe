import { CfnResource, Stack } from 'aws-cdk-lib';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { synthesizedStacks } from '../../../lib/infra/deployRules';
import { resourceSchemas } from '../../../lib/infra/deployRules/resourceSchemas';
import { TEST_ENV, testApp } from '../../helpers/testApp';

describe('resourceSchemas (CloudFormation resource schemas, @aws-cdk/aws-service-spec)', () => {
  it('reports a property the resource type does not have, a value of the wrong kind and a missing required one', () => {
    // Arrange
    const app = testApp();
    const stack = new Stack(app, 'S', { env: TEST_ENV });
    const queue = new sqs.Queue(stack, 'Queue');
    (queue.node.defaultChild as sqs.CfnQueue).addPropertyOverride('RetentionPeriod', 60);
    (queue.node.defaultChild as sqs.CfnQueue).addPropertyOverride('DelaySeconds', 'soon');
    new CfnResource(stack, 'Alias', { type: 'AWS::KMS::Alias', properties: { AliasName: 'alias/lake' } });
    new CfnResource(stack, 'Made', { type: 'AWS::Lake::Thing', properties: {} });

    // Act
    const violations = resourceSchemas.check(synthesizedStacks(app.synth()));

    // Assert
    expect(violations.map((v) => [v.resource, v.message])).toEqual([
      [
        expect.stringMatching(/^Queue/),
        expect.stringMatching(
          /^AWS::SQS::Queue\.RetentionPeriod is not a property of AWS::SQS::Queue; allowed: .*MessageRetentionPeriod/,
        ),
      ],
      [expect.stringMatching(/^Queue/), 'AWS::SQS::Queue.DelaySeconds is "soon"; expected a integer'],
      ['Alias', 'AWS::KMS::Alias.TargetKeyId is required'],
      ['Made', 'type AWS::Lake::Thing is not a CloudFormation resource type'],
    ]);
  });

  it('accepts references CloudFormation resolves at deploy time', () => {
    // Arrange
    const app = testApp();
    const stack = new Stack(app, 'S', { env: TEST_ENV });
    const queue = new sqs.Queue(stack, 'Queue');
    new sqs.Queue(stack, 'Other', { deadLetterQueue: { queue, maxReceiveCount: 3 } });

    // Act
    const violations = resourceSchemas.check(synthesizedStacks(app.synth()));

    // Assert
    expect(violations).toEqual([]);
  });
});
