import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import type { Construct } from 'constructs';

/** A state that can catch errors: a task, a Map. */
interface Catching {
  addCatch(handler: sfn.IChainable, props?: sfn.CatchProps): unknown;
}

/**
 * Catches every error of `states` into a Pass (`ids.name`) that puts `cause` (a
 * `States.Format` naming the table and the error, from `$.error`) at `$.failure.cause`, then a
 * Fail (`ids.fail`) with error `TableFailed` and that cause: how a pipeline run ends naming the
 * table that failed.
 *
 * @example
 * ```ts
 * catchAsTableFailure(scope, [commit], { name: 'small: name failure', fail: 'small: table failed' }, cause);
 * ```
 */
export function catchAsTableFailure(
  scope: Construct,
  states: readonly Catching[],
  ids: { readonly name: string; readonly fail: string },
  cause: string,
): void {
  const nameFailure = new sfn.Pass(scope, ids.name, { parameters: { cause }, resultPath: '$.failure' });
  nameFailure.next(
    new sfn.Fail(scope, ids.fail, {
      error: 'TableFailed',
      causePath: sfn.JsonPath.stringAt('$.failure.cause'),
    }),
  );
  for (const state of states)
    state.addCatch(nameFailure, { errors: [sfn.Errors.ALL], resultPath: '$.error' });
}
