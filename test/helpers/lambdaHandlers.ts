import type { CfnElement } from 'aws-cdk-lib';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { localFunctionEnvironment } from '../../lib/local/runStateMachine';
import type { BoundTask } from '../../lib/tasks/Task';

/** Progress hooks of a local run that report nothing. */
export const NO_LOCAL_HOOKS = {
  onPlanned: () => undefined,
  onTransformStart: () => undefined,
  onPartDone: () => undefined,
  onCommitStart: () => undefined,
  onCommitted: () => undefined,
  onTableFailed: () => undefined,
};

/**
 * The handler module `lambdas/<name>/handler`, loaded with the environment the construct gives `fn`
 * (resolved with `refs`), as on Lambda. The variables set are added to `loaded`, for the caller to
 * delete after its tests. Through the shared module registry, the handler binds the very task
 * module the caller imports.
 */
export function loadHandler(
  name: string,
  fn: IFunction,
  refs: ReadonlyMap<CfnElement, string>,
  loaded: Set<string>,
): BoundTask<unknown> {
  for (const [key, value] of Object.entries(localFunctionEnvironment(fn, refs))) {
    process.env[key] = value;
    loaded.add(key);
  }
  return (require(`../../lambdas/${name}/handler`) as { handler: BoundTask<unknown> }).handler;
}
