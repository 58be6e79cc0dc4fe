import { Stack } from 'aws-cdk-lib';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { synthesizedStacks } from '../../../lib/infra/deployRules';
import { stateMachineDefinitions } from '../../../lib/infra/deployRules/stateMachineDefinitions';
import { TEST_ENV, testApp } from '../../helpers/testApp';

describe('stateMachineDefinitions (Amazon States Language, asl-validator)', () => {
  it('reports an invalid definition by machine, and accepts the valid one beside it', () => {
    // Arrange
    const app = testApp();
    const stack = new Stack(app, 'S', { env: TEST_ENV });
    new sfn.StateMachine(stack, 'Good', {
      definitionBody: sfn.DefinitionBody.fromChainable(new sfn.Pass(stack, 'Same name')),
    });
    new sfn.StateMachine(stack, 'Broken', {
      definitionBody: sfn.DefinitionBody.fromString(
        JSON.stringify({ StartAt: 'Same name', States: { 'Same name': { Type: 'Pass', Next: 'Nowhere' } } }),
      ),
    });

    // Act
    const violations = stateMachineDefinitions.check(synthesizedStacks(app.synth()));

    // Assert
    expect(violations.map((v) => [v.resource, v.message])).toEqual([
      [
        expect.stringMatching(/^Broken/),
        expect.stringMatching(/^definition is not valid Amazon States Language: .*Nowhere/),
      ],
    ]);
  });

  it('accepts two valid machines whose states share names', () => {
    // Arrange
    const app = testApp();
    const stack = new Stack(app, 'S', { env: TEST_ENV });
    for (const id of ['A', 'B']) {
      const scope = new Stack(app, id, { env: TEST_ENV });
      new sfn.StateMachine(scope, 'Machine', {
        definitionBody: sfn.DefinitionBody.fromChainable(
          new sfn.Pass(scope, 'Start').next(new sfn.Succeed(scope, 'Done')),
        ),
      });
    }
    expect(stack).toBeDefined();

    // Act
    const violations = stateMachineDefinitions.check(synthesizedStacks(app.synth()));

    // Assert
    expect(violations).toEqual([]);
  });

  it('reports a state name over 80 characters', () => {
    // Arrange
    const app = testApp();
    const stack = new Stack(app, 'S', { env: TEST_ENV });
    new sfn.StateMachine(stack, 'Machine', {
      definitionBody: sfn.DefinitionBody.fromChainable(new sfn.Pass(stack, 'n'.repeat(81))),
    });

    // Act
    const violations = stateMachineDefinitions.check(synthesizedStacks(app.synth()));

    // Assert
    expect(violations.map((v) => v.message)).toEqual([
      expect.stringMatching(/^definition is not valid Amazon States Language/),
      `state name "${'n'.repeat(81)}" is longer than 80 characters`,
    ]);
  });
});
