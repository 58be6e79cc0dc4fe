import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import type { Construct } from 'constructs';

/** A state that can catch errors: a task, a Map. */
export interface Catching {
  addCatch(handler: sfn.IChainable, props?: sfn.CatchProps): unknown;
}

/** Where a failed state's input names its table. */
export interface FailedTablePaths {
  /** A JSONPath to an object with the table's `source` and `table`, e.g. `$.table.plan`. */
  readonly planPath: string;
  /** A JSONPath to the failed chunk's index, for a replica chunk. @default - not a chunk */
  readonly chunkIndexPath?: string;
}

/** Props of {@link catchTableFailure}. */
export interface CatchTableFailureProps extends FailedTablePaths {
  /** Prefix of the state names, e.g. `small:` or `Commit:`. */
  readonly id: string;
}

/**
 * The cause a failed table is named with, a `States.Format` over the state's input and `$.error`:
 * `Table {source}.{table} failed with {Error}: {Cause}` (a chunk's: `… failed in chunk {index}
 * with …`), as `parseTableFailure` reads it.
 */
function tableFailureCause(paths: FailedTablePaths): string {
  const at = (path: string) => sfn.JsonPath.stringAt(path);
  const error = [at('$.error.Error'), at('$.error.Cause')];
  const table = [at(`${paths.planPath}.source`), at(`${paths.planPath}.table`)];
  return paths.chunkIndexPath === undefined
    ? sfn.JsonPath.format('Table {}.{} failed with {}: {}', ...table, ...error)
    : sfn.JsonPath.format(
        'Table {}.{} failed in chunk {} with {}: {}',
        ...table,
        at(paths.chunkIndexPath),
        ...error,
      );
}

/**
 * Catches every error of `states` into a Pass (`<id> name failure`) that puts `{ table, cause }`
 * at `$.failure`, and returns it: the caller goes on to {@link tableFailed}, directly or after
 * noting the failure somewhere the run reads it back. The table's branch then ends as a success,
 * so a failed table never stops or un-publishes another; {@link failWhenTablesFailed} fails the
 * run once every table has had its turn.
 *
 * @example
 * ```ts
 * catchTableFailure(scope, [transform, commit], { id: 'small:', planPath: '$.table' }).next(tableFailed(scope, 'small:'));
 * ```
 */
export function catchTableFailure(
  scope: Construct,
  states: readonly Catching[],
  props: CatchTableFailureProps,
): sfn.Pass {
  const nameFailure = new sfn.Pass(scope, `${props.id} name failure`, {
    parameters: { table: sfn.JsonPath.stringAt(`${props.planPath}.table`), cause: tableFailureCause(props) },
    resultPath: '$.failure',
  });
  for (const state of states)
    state.addCatch(nameFailure, { errors: [sfn.Errors.ALL], resultPath: '$.error' });
  return nameFailure;
}

/**
 * The state a failed table's branch ends in (`<id> table failed`, a Pass): it enters with
 * `$.failure.cause`, where the failure message reads the table's cause from the run's history (an
 * inline Map's iterations are in it: "Step Functions adds the execution history of these
 * iterations to the parent workflow's execution history", "Map workflow state",
 * https://docs.aws.amazon.com/step-functions/latest/dg/state-map.html)
 * (`readFailedExecution`: a Pass or Fail state entered with `$.failure.cause`), and its output is
 * only `{ failed: <table> }` (what `failWhenTablesFailed` looks for), so a Map's results stay small
 * whatever the causes.
 *
 * @example
 * ```ts
 * nameFailure.next(tableFailed(scope, 'small:'));
 * ```
 */
export function tableFailed(scope: Construct, id: string): sfn.Pass {
  return new sfn.Pass(scope, `${id} table failed`, {
    parameters: { failed: sfn.JsonPath.stringAt('$.failure.table') },
  });
}
