import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import type { Construct } from 'constructs';
import { exportTaskId } from '../../core/naming';
import { TRANSIENT_SDK_ERRORS, transientRetry } from './transientRetry';

/** Props of {@link runStartStates}. */
export interface RunStartStatesProps {
  /** The source, named in the AlreadyRunning failure. */
  readonly sourceName: string;
  /** The state machine's own ARN, built from its name (a reference would be circular). */
  readonly stateMachineArn: string;
  /**
   * The source's export task prefix, see `exportTaskPrefix`.
   *
   * @default - no export: `$.run` holds only the run id
   */
  readonly exportTaskPrefix?: string;
  /**
   * The pipeline, named in the AlreadyRunning failure.
   *
   * @default 'snapshot'
   */
  readonly pipeline?: string;
  /** Where the run goes once `$.run` holds `{ runId, exportId }` (`{ runId }` without an export). */
  readonly next: sfn.IChainable;
}

/** `States.ArrayGetItem(States.StringSplit(text, 'sep'), index)`. */
function splitItem(text: string, separator: string, index: number): string {
  return sfn.JsonPath.arrayGetItem(sfn.JsonPath.stringSplit(text, separator), index);
}

/**
 * The first states of a run: refuse to start while another execution of the same state
 * machine runs, then settle the run id and the export task id in `$.run`.
 *
 * Overlap: `states:ListExecutions` (RUNNING, at most 2) counts this execution and any
 * other; more than one fails fast with `AlreadyRunning`. Two executions started within
 * the same instant may both see each other and both stop: a safe failure.
 *
 * Run id: `$.runId` when given (a re-run); else `$$.Execution.StartTime`
 * (ISO 8601 UTC, `2026-11-23T03:00:05.120Z`) cut into `20261123T030005Z` with
 * `States.StringSplit` on single characters (`T`, `-`, `:`, `.`, `Z`), which is the
 * format of `RUN_ID_PATTERN`. Splitting on one character at a time behaves the same
 * in Step Functions (where a multi-character splitter is a set of delimiters) and in
 * aws-local-stepfunctions (where it is one string). The export task id is
 * `<prefix>-<run id in lower case>` (`exportTaskId`).
 */
export function runStartStates(scope: Construct, props: RunStartStatesProps): sfn.IChainable {
  const checkRunning = new tasks.CallAwsService(scope, 'Look for a running execution', {
    service: 'sfn',
    action: 'listExecutions',
    iamAction: 'states:ListExecutions',
    iamResources: [props.stateMachineArn],
    parameters: {
      StateMachineArn: sfn.JsonPath.stringAt('$$.StateMachine.Id'),
      StatusFilter: 'RUNNING',
      MaxResults: 2,
    },
    resultSelector: { running: sfn.JsonPath.arrayLength(sfn.JsonPath.listAt('$.Executions')) },
    resultPath: '$.lock',
  });
  checkRunning.addRetry(transientRetry(TRANSIENT_SDK_ERRORS));

  const alreadyRunning = new sfn.Fail(scope, 'Another run in progress', {
    error: 'AlreadyRunning',
    cause: `Another execution of the ${props.sourceName} ${props.pipeline ?? 'snapshot'} pipeline is running; runs of one source never overlap. Retry when it has ended.`,
  });

  const startTime = sfn.JsonPath.stringAt('$$.Execution.StartTime');
  const splitStartTime = new sfn.Pass(scope, 'Split the start time', {
    parameters: {
      date: sfn.JsonPath.stringSplit(splitItem(startTime, 'T', 0), '-'),
      time: sfn.JsonPath.stringSplit(splitItem(startTime, 'T', 1), ':'),
    },
    resultPath: '$.startTime',
  });
  const item = (path: string, index: number) => sfn.JsonPath.arrayGetItem(sfn.JsonPath.listAt(path), index);
  // Seconds are `05.120Z` (or `05Z`): drop the fraction, then the zone letter.
  const seconds = splitItem(splitItem(item('$.startTime.time', 2), '.', 0), 'Z', 0);
  const runIdFromStartTime = new sfn.Pass(scope, 'Run id from the start time', {
    parameters: {
      runId: sfn.JsonPath.format(
        '{}{}{}T{}{}{}Z',
        item('$.startTime.date', 0),
        item('$.startTime.date', 1),
        item('$.startTime.date', 2),
        item('$.startTime.time', 0),
        item('$.startTime.time', 1),
        seconds,
      ),
    },
    resultPath: '$.run',
  });
  const givenRunId = new sfn.Pass(scope, 'Use the given run id', {
    parameters: { runId: sfn.JsonPath.stringAt('$.runId') },
    resultPath: '$.run',
  });

  const runId = sfn.JsonPath.stringAt('$.run.runId');
  const nameExport =
    props.exportTaskPrefix === undefined
      ? undefined
      : new sfn.Pass(scope, 'Name the export', {
          parameters: {
            runId,
            // exportTaskId's form, the run id's two halves filled in by States.Format.
            exportId: sfn.JsonPath.format(
              exportTaskId(props.exportTaskPrefix, '{}T{}Z'),
              splitItem(runId, 'T', 0),
              splitItem(splitItem(runId, 'T', 1), 'Z', 0),
            ),
          },
          resultPath: '$.run',
        });
  // Without an export both ways to a run id go straight on.
  const afterRunId = nameExport === undefined ? props.next : nameExport.next(props.next);

  return checkRunning.next(
    new sfn.Choice(scope, 'Already running?')
      .when(sfn.Condition.numberGreaterThan('$.lock.running', 1), alreadyRunning)
      .otherwise(
        new sfn.Choice(scope, 'Run id given?')
          .when(sfn.Condition.isPresent('$.runId'), givenRunId.next(afterRunId))
          .otherwise(splitStartTime.next(runIdFromStartTime).next(afterRunId)),
      ),
  );
}
