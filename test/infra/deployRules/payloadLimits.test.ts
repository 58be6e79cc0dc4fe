import { Stack } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { synthesizedStacks } from '../../../lib/infra/deployRules';
import { payloadLimits } from '../../../lib/infra/deployRules/payloadLimits';
import { TEST_ENV, testApp } from '../../helpers/testApp';

function inlineFunction(stack: Stack, id: string, environment: Record<string, string>): lambda.Function {
  return new lambda.Function(stack, id, {
    runtime: lambda.Runtime.NODEJS_24_X,
    handler: 'index.handler',
    code: lambda.Code.fromInline('exports.handler = async () => {}'),
    environment,
  });
}

describe('payloadLimits (Lambda, Step Functions and CloudFormation quotas)', () => {
  it('reports a Lambda environment over 4 KB in all, keys included', () => {
    // Arrange
    const app = testApp();
    const stack = new Stack(app, 'S', { env: TEST_ENV });
    inlineFunction(stack, 'Big', { CONFIG: 'x'.repeat(4091) });
    inlineFunction(stack, 'Fits', { CONFIG: 'x'.repeat(4090 - 'CONFIG'.length) });

    // Act
    const violations = payloadLimits.check(synthesizedStacks(app.synth()));

    // Assert
    expect(violations.map((v) => v.message)).toEqual([
      expect.stringMatching(/environment takes about 4097 bytes; Lambda allows 4096/),
    ]);
  });

  it('reports a variable Lambda reserves', () => {
    // Arrange
    const app = testApp();
    const stack = new Stack(app, 'S', { env: TEST_ENV });
    const fn = inlineFunction(stack, 'Fn', {});
    (fn.node.defaultChild as lambda.CfnFunction).addPropertyOverride(
      'Environment.Variables.AWS_REGION',
      'eu-west-1',
    );

    // Act
    const violations = payloadLimits.check(synthesizedStacks(app.synth()));

    // Assert
    expect(violations.map((v) => v.message)).toEqual([
      'sets AWS_REGION, a variable Lambda reserves for itself',
    ]);
  });

  it('reports a state whose constant input alone passes 256 KiB (States.DataLimitExceeded)', () => {
    // Arrange
    const app = testApp();
    const stack = new Stack(app, 'S', { env: TEST_ENV });
    const big = new sfn.Pass(stack, 'Carry the config', { parameters: { config: 'x'.repeat(256 * 1024) } });
    new sfn.StateMachine(stack, 'Machine', { definitionBody: sfn.DefinitionBody.fromChainable(big) });

    // Act
    const violations = payloadLimits.check(synthesizedStacks(app.synth()));

    // Assert
    expect(violations.map((v) => v.message)).toEqual([
      expect.stringMatching(/state "Carry the config" writes 262\d{3} bytes of constant Parameters/),
    ]);
  });
});
