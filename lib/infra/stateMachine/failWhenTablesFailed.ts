import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import type { Construct } from 'constructs';
import { TABLES_FAILED_ERROR } from '../../core/orchestration';

/**
 * What a failed table's branch outputs (`tableFailed`) and {@link failWhenTablesFailed} looks for
 * in the run's results: `{"failed":<table>}`; a committed table's branch outputs `{}`.
 */
export const FAILED_TABLE_PATTERN = '*{"failed":*';

/** Props of {@link failWhenTablesFailed}. */
export interface FailWhenTablesFailedProps {
  /**
   * Path of the run's table results as JSON text (`States.JsonToString` of the Maps' results, in
   * which a failed table is `{"failed":<table>}`).
   */
  readonly resultsPath: string;
  /** Where the run goes when no table failed. */
  readonly next: sfn.IChainable;
}

/**
 * How a run ends once every table has had its turn. The Maps' and the Parallel's `ResultSelector`
 * may call intrinsics (`States.ArrayUnique`, `States.JsonToString`: "Intrinsic functions for
 * JSONPath states", https://docs.aws.amazon.com/step-functions/latest/dg/intrinsic-functions.html,
 * fields that support them), so the results reach the Choice as one JSON text. `Any table failed?` (a Choice, `StringMatches`
 * {@link FAILED_TABLE_PATTERN} on the results' JSON text: a definite test whatever the nesting, no
 * JSONPath filter that may match nothing) goes to `next` when none did; else `Name the failed
 * tables` puts the results at `$.failure.cause` and the run ends in `Tables failed` (`TableFailed`).
 * The tables that did not fail are committed by then: a failed table never blocks another. Each
 * failed table's own cause is in the run's history, where its branch entered `<id> table failed`
 * with it (see `tableFailed`).
 *
 * @example
 * ```ts
 * byPool.next(failWhenTablesFailed(scope, { resultsPath: '$.tables.results', next: new sfn.Succeed(scope, 'Done') }));
 * ```
 */
export function failWhenTablesFailed(scope: Construct, props: FailWhenTablesFailedProps): sfn.Choice {
  const nameTables = new sfn.Pass(scope, 'Name the failed tables', {
    parameters: {
      cause: sfn.JsonPath.format(
        'Tables failed, the others are committed: {}',
        sfn.JsonPath.stringAt(props.resultsPath),
      ),
    },
    resultPath: '$.failure',
  });
  nameTables.next(
    new sfn.Fail(scope, 'Tables failed', {
      error: TABLES_FAILED_ERROR,
      causePath: sfn.JsonPath.stringAt('$.failure.cause'),
    }),
  );
  return new sfn.Choice(scope, 'Any table failed?')
    .when(sfn.Condition.stringMatches(props.resultsPath, FAILED_TABLE_PATTERN), nameTables)
    .otherwise(props.next);
}
