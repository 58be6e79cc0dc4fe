import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { DataLakeError } from '../../lib/core/errors';
import { runStateMachine } from '../../lib/local/runStateMachine';
import { testStack } from '../helpers/testApp';

function inlineFunction(scope: sfn.StateMachine['stack'], id: string): lambda.Function {
  return new lambda.Function(scope, id, {
    runtime: lambda.Runtime.NODEJS_22_X,
    handler: 'index.handler',
    code: lambda.Code.fromInline('exports.handler = async () => ({})'),
  });
}

describe('runStateMachine', () => {
  it('settles only after the tasks of other branches have, when one branch fails', async () => {
    // Arrange: one branch fails at once, the other is still working when it does.
    const stack = testStack();
    const failing = inlineFunction(stack, 'Failing');
    const slow = inlineFunction(stack, 'Slow');
    const parallel = new sfn.Parallel(stack, 'Both')
      .branch(new tasks.LambdaInvoke(stack, 'Fail', { lambdaFunction: failing, payloadResponseOnly: true }))
      .branch(new tasks.LambdaInvoke(stack, 'Work', { lambdaFunction: slow, payloadResponseOnly: true }));
    const stateMachine = new sfn.StateMachine(stack, 'Machine', {
      definitionBody: sfn.DefinitionBody.fromChainable(parallel),
    });
    let slowFinished = false;
    const lambdas = new Map<lambda.IFunction, () => Promise<{ done: boolean }>>([
      [
        failing,
        async () => {
          throw new DataLakeError('refused by the test');
        },
      ],
      [
        slow,
        async () => {
          await new Promise((resolve) => setTimeout(resolve, 300));
          slowFinished = true;
          return { done: true };
        },
      ],
    ]);

    // Act
    const result = await runStateMachine(stateMachine, {}, { lambdas, sdk: {} });

    // Assert
    expect(result).toMatchObject({ status: 'FAILED', cause: 'refused by the test' });
    expect(slowFinished).toBe(true);
  });
});
