/**
 * The local runner stops a task at its function's timeout, as Lambda does ("Configure Lambda
 * function timeout", https://docs.aws.amazon.com/lambda/latest/dg/configuration-timeout.html): a
 * hung task must fail its state, name it, and let the execution end instead of waiting forever.
 */
import { Duration } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { functionTimeoutSeconds, runStateMachine } from '../../lib/local/runStateMachine';
import { testStack } from '../helpers/testApp';

function inlineFunction(scope: sfn.StateMachine['stack'], id: string, timeout?: Duration): lambda.Function {
  return new lambda.Function(scope, id, {
    runtime: lambda.Runtime.NODEJS_22_X,
    handler: 'index.handler',
    code: lambda.Code.fromInline('exports.handler = async () => ({})'),
    ...(timeout === undefined ? {} : { timeout }),
  });
}

describe('runStateMachine deadline per task', () => {
  it('fails a task that runs past its function’s Timeout, naming the state, in bounded time', async () => {
    // Arrange: a task that never settles, on a function with a 1 s timeout.
    const stack = testStack();
    const hung = inlineFunction(stack, 'Hung', Duration.seconds(1));
    const stateMachine = new sfn.StateMachine(stack, 'Machine', {
      definitionBody: sfn.DefinitionBody.fromChainable(
        new tasks.LambdaInvoke(stack, 'Extract the chunk', {
          lambdaFunction: hung,
          payloadResponseOnly: true,
        }),
      ),
    });
    const never = () => new Promise<never>(() => undefined);

    // Act
    const started = Date.now();
    const result = await runStateMachine(stateMachine, {}, { lambdas: new Map([[hung, never]]), sdk: {} });

    // Assert
    expect(result).toMatchObject({ status: 'FAILED', error: 'TaskTimeoutError' });
    expect(result.status === 'FAILED' ? result.cause : '').toMatch(
      /^Task "Extract the chunk" \(function Hung\w*\) ran past its 1 s timeout/,
    );
    expect(Date.now() - started).toBeLessThan(5_000);
  }, 15_000);

  it('lets a catcher handle the timeout as it would Lambda.Unknown (States.ALL)', async () => {
    // Arrange
    const stack = testStack();
    const hung = inlineFunction(stack, 'Hung', Duration.seconds(1));
    const task = new tasks.LambdaInvoke(stack, 'Work', { lambdaFunction: hung, payloadResponseOnly: true });
    task.addCatch(new sfn.Pass(stack, 'Caught', { parameters: { 'error.$': '$.Error' } }));
    const stateMachine = new sfn.StateMachine(stack, 'Machine', {
      definitionBody: sfn.DefinitionBody.fromChainable(task),
    });

    // Act
    const result = await runStateMachine(
      stateMachine,
      {},
      { lambdas: new Map([[hung, () => new Promise<never>(() => undefined)]]), sdk: {} },
    );

    // Assert
    expect(result).toEqual({ status: 'SUCCEEDED', output: { error: 'TaskTimeoutError' } });
  }, 15_000);

  it('reads the timeout as deployed: the template’s Timeout, else Lambda’s default of 3 s', () => {
    // Arrange
    const stack = testStack();

    // Act
    const set = functionTimeoutSeconds(inlineFunction(stack, 'Set', Duration.minutes(15)));
    const unset = functionTimeoutSeconds(inlineFunction(stack, 'Unset'));

    // Assert
    expect([set, unset]).toEqual([900, 3]);
  });
});
