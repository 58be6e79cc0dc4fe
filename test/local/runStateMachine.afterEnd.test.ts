/**
 * A failed execution must not run tasks after runStateMachine has returned: aws-local-stepfunctions
 * fails a Map on its first failed iteration but still starts the iterations queued behind
 * MaxConcurrency (p-limit keeps draining its queue), which then ran against resources the caller
 * had already closed — DuckDB, the temp directory a local run removes (`ENOTEMPTY: rmdir …/tmp`).
 */
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { DataLakeError } from '../../lib/core/errors';
import { runStateMachine } from '../../lib/local/runStateMachine';
import { testStack } from '../helpers/testApp';

describe('runStateMachine after a failed execution', () => {
  it('starts no task once the execution has ended, not even Map iterations queued behind MaxConcurrency', async () => {
    // Arrange: a Map over 6 items, 2 at a time, each retried once; item 0 fails for good at once
    // while the others are still working.
    const stack = testStack();
    const fn = new lambda.Function(stack, 'Item', {
      runtime: lambda.Runtime.NODEJS_22_X,
      handler: 'index.handler',
      code: lambda.Code.fromInline('exports.handler = async () => ({})'),
    });
    const work = new tasks.LambdaInvoke(stack, 'Work', { lambdaFunction: fn, payloadResponseOnly: true });
    work.addRetry({ errors: ['States.ALL'], maxAttempts: 1 });
    const map = new sfn.Map(stack, 'Items', { itemsPath: '$.items', maxConcurrency: 2 }).itemProcessor(work);
    const stateMachine = new sfn.StateMachine(stack, 'Machine', {
      definitionBody: sfn.DefinitionBody.fromChainable(map),
    });
    const started: number[] = [];
    const handler = async (input: unknown) => {
      const item = Number(input);
      const attempt = started.filter((earlier) => earlier === item).length + 1;
      started.push(item);
      if (item === 0) throw new DataLakeError('item 0 refused by the test');
      // Each other item's first attempt fails after a while; its retry would succeed.
      await new Promise((resolve) => setTimeout(resolve, 100));
      if (attempt === 1) throw new DataLakeError(`item ${item} failed once`);
      return {};
    };

    // Act
    const result = await runStateMachine(
      stateMachine,
      { items: [0, 1, 2, 3, 4, 5] },
      { lambdas: new Map([[fn, handler]]), sdk: {} },
    );
    const startedByTheEnd = [...started];
    await new Promise((resolve) => setTimeout(resolve, 500));

    // Assert
    expect(result).toMatchObject({ status: 'FAILED', cause: 'item 0 refused by the test' });
    expect(started).toEqual(startedByTheEnd);
  });
});
