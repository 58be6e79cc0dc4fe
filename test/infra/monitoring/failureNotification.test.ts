import { Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { FailureNotification } from '../../../lib/infra/monitoring/failureNotification';
import { describeFindings, nagFindings } from '../../helpers/nag';
import { TEST_ENV, testApp, testStack } from '../../helpers/testApp';

function build(): { stack: Stack; notification: FailureNotification; template: Template } {
  const stack = testStack();
  const key = new kms.Key(stack, 'OperationsKey', { enableKeyRotation: true });
  const topic = new sns.Topic(stack, 'Alerts', { masterKey: key, enforceSSL: true });
  const stateMachines = (['snapshot', 'replica'] as const).map(
    (pipeline) =>
      new sfn.StateMachine(stack, `${pipeline}Machine`, {
        stateMachineName: `marketplace-service-${pipeline}`,
        definitionBody: sfn.DefinitionBody.fromChainable(new sfn.Pass(stack, `${pipeline} pass`)),
      }),
  );
  const notification = new FailureNotification(stack, 'FailureNotification', {
    lakeName: 'marketplace',
    sourceName: 'service',
    stateMachines,
    topic,
    logEncryptionKey: key,
  });
  return { stack, notification, template: Template.fromStack(stack) };
}

/** The logical ids of the stand-in snapshot and replica state machines. */
function machineIds(stack: Stack): string[] {
  return ['snapshot', 'replica'].map((pipeline) =>
    stack.getLogicalId(stack.node.findChild(`${pipeline}Machine`).node.defaultChild as never),
  );
}

/** `arn:…:execution:<state machine name>:*`, as grantExecution writes it for `logicalId`. */
function executionsOf(logicalId: string) {
  return {
    'Fn::Join': [
      '',
      [
        'arn:',
        { Ref: 'AWS::Partition' },
        ':states:eu-west-1:123456789012:execution:',
        { 'Fn::Select': [6, { 'Fn::Split': [':', { Ref: logicalId }] }] },
        ':*',
      ],
    ],
  };
}

describe('FailureNotification', () => {
  it("matches the 'Step Functions Execution Status Change' events of the source's state machines ending FAILED, TIMED_OUT or ABORTED (cw-events.html)", () => {
    // Act
    const { stack, template } = build();

    // Assert
    const machines = machineIds(stack);
    template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: {
        source: ['aws.states'],
        'detail-type': ['Step Functions Execution Status Change'],
        detail: {
          status: ['FAILED', 'TIMED_OUT', 'ABORTED'],
          stateMachineArn: machines.map((id) => ({ Ref: id })),
        },
      },
      State: 'ENABLED',
      Targets: [
        Match.objectLike({
          Arn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^FailureNotificationFunction'), 'Arn'] },
          RetryPolicy: { MaximumRetryAttempts: 4, MaximumEventAgeInSeconds: 21600 },
        }),
      ],
    });
  });

  it('gives the function the lake, the source and the topic, under the lake role path', () => {
    // Act
    const { template } = build();

    // Assert
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: Match.objectLike({
          LAKE_NAME: 'marketplace',
          SOURCE_NAME: 'service',
          ALERT_TOPIC_ARN: { Ref: Match.stringLikeRegexp('^Alerts') },
        }),
      },
    });
    template.hasResourceProperties('AWS::IAM::Role', {
      Path: '/datalake/marketplace/',
      AssumeRolePolicyDocument: Match.objectLike({
        Statement: [Match.objectLike({ Principal: { Service: 'lambda.amazonaws.com' } })],
      }),
    });
  });

  it("lets the function only read the executions of the source's state machines and publish to the topic with its key", () => {
    // Act
    const { stack, template } = build();

    // Assert
    const machines = machineIds(stack);
    template.hasResourceProperties('AWS::IAM::Policy', {
      Roles: [{ Ref: Match.stringLikeRegexp('^FailureNotificationFunctionRole') }],
      PolicyDocument: {
        Statement: Match.arrayWith([
          ...machines.map((id) => ({
            Action: ['states:DescribeExecution', 'states:GetExecutionHistory'],
            Effect: 'Allow',
            Resource: executionsOf(id),
          })),
          { Action: 'sns:Publish', Effect: 'Allow', Resource: { Ref: Match.stringLikeRegexp('^Alerts') } },
          {
            Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
            Effect: 'Allow',
            Resource: { 'Fn::GetAtt': [Match.stringLikeRegexp('^OperationsKey'), 'Arn'] },
          },
        ]),
      },
    });
  });

  it('passes cdk-nag AwsSolutions', () => {
    // Arrange
    const { stack } = build();

    // Act & Assert
    const findings = describeFindings(nagFindings(stack.node.root as never));
    expect(findings).toEqual([]);
  });

  it('passes cdk-nag AwsSolutions with the topic in another stack, as the foundation holds it', () => {
    // Arrange
    const app = testApp();
    const foundation = new Stack(app, 'Foundation', { env: TEST_ENV });
    const key = new kms.Key(foundation, 'OperationsKey', { enableKeyRotation: true });
    const topic = new sns.Topic(foundation, 'Alerts', { masterKey: key, enforceSSL: true });
    const source = new Stack(app, 'Source', { env: TEST_ENV });
    new FailureNotification(source, 'FailureNotification', {
      lakeName: 'marketplace',
      sourceName: 'service',
      stateMachines: [
        new sfn.StateMachine(source, 'Machine', {
          definitionBody: sfn.DefinitionBody.fromChainable(new sfn.Pass(source, 'pass')),
        }),
      ],
      topic,
      logEncryptionKey: key,
    });

    // Act
    const findings = describeFindings(nagFindings(app)).filter((finding) => !finding.includes('/Machine/'));

    // Assert
    expect(findings).toEqual([]);
  });

  it('refuses a source without state machines, naming the prop', () => {
    // Arrange
    const stack = testStack();
    const key = new kms.Key(stack, 'Key');

    // Act
    const build = () =>
      new FailureNotification(stack, 'FailureNotification', {
        lakeName: 'marketplace',
        sourceName: 'service',
        stateMachines: [],
        topic: new sns.Topic(stack, 'Alerts', { masterKey: key }),
        logEncryptionKey: key,
      });

    // Assert
    expect(build).toThrow(/stateMachines: is empty; allowed: one or more state machines of the source/);
  });
});
