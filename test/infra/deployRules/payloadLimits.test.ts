import { Stack } from 'aws-cdk-lib';
import * as dms from 'aws-cdk-lib/aws-dms';
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

  // "AWS DMS can only process table mapping JSON files up to 2 MB in size" (Specifying table selection
  // and transformations rules using JSON, AWS DMS User Guide).
  it('reports DMS table mappings over 2 MB of JSON', () => {
    // Arrange: one rule per column, as the lake writes remove-column rules
    const app = testApp();
    const stack = new Stack(app, 'S', { env: TEST_ENV });
    const rule = (n: number) => ({
      'rule-type': 'selection',
      'rule-id': String(n),
      'rule-name': String(n),
      'rule-action': 'include',
      'object-locator': { 'schema-name': 's', 'table-name': `t${'x'.repeat(100)}${n}` },
    });
    const replication = (id: string, rules: number) =>
      new dms.CfnReplicationConfig(stack, id, {
        replicationConfigIdentifier: id.toLowerCase(),
        replicationType: 'full-load-and-cdc',
        sourceEndpointArn: 'arn:aws:dms:eu-west-1:123456789012:endpoint:SOURCE',
        targetEndpointArn: 'arn:aws:dms:eu-west-1:123456789012:endpoint:TARGET',
        computeConfig: { maxCapacityUnits: 4 },
        tableMappings: { rules: Array.from({ length: rules }, (_, n) => rule(n)) },
      });
    replication('Big', 12_000);
    replication('Fits', 100);

    // Act
    const violations = payloadLimits.check(synthesizedStacks(app.synth()));

    // Assert: the template's own 1 MB limit is passed too, the mappings being in it
    expect(violations.map((v) => [v.resource, v.message])).toEqual([
      [undefined, expect.stringMatching(/^template is \d+ bytes; CloudFormation takes at most 1048576/)],
      ['Big', expect.stringMatching(/table mappings take \d+ bytes of JSON; DMS processes at most 2097152/)],
    ]);
  });
});
