import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import type { Construct } from 'constructs';
import { TABLES_FAILED_ERROR } from '../../core/orchestration';
import {
  type Catching,
  catchTableFailure,
  type FailedTablePaths,
  tableFailed,
} from '../stateMachine/catchTableFailure';

/**
 * What a replica Distributed Map's ItemSelector adds to each item as `$.note`: the run's bucket
 * and the folder of its failure notes (`ReplicaRunManifest.failures`).
 */
export const FAILURE_NOTE_SELECTOR = {
  bucket: sfn.JsonPath.stringAt('$.plan.bucket'),
  prefix: sfn.JsonPath.stringAt('$.plan.failures'),
};

/**
 * Where in a note's key (`replica-runs/<source>/<run id>/failures/<table>/cause.txt`, split at `/`)
 * the table is: source names and run ids hold no `/`.
 */
export const NOTE_KEY_TABLE_INDEX = 4;

/** The key of a table's failure note, from a state whose input has `$.note` and the table at `tablePath`. */
function failureNoteKey(tablePath: string): string {
  return sfn.JsonPath.format(
    '{}{}/cause.txt',
    sfn.JsonPath.stringAt('$.note.prefix'),
    sfn.JsonPath.stringAt(tablePath),
  );
}

/** Props of {@link noteTableFailure}. */
export interface NoteTableFailureProps extends FailedTablePaths {
  /** Prefix of the state names, e.g. `small:` or `small: commit`. */
  readonly id: string;
  /** The child states whose errors fail the table. */
  readonly childStates: readonly Catching[];
  /** The objects the notes are written to, for the SDK task's policy (the source's run folder). */
  readonly noteObjectsArn: string;
}

/**
 * How a replica Distributed Map's child fails its table without failing the Map, so no other
 * table is stopped: `catchTableFailure` names the failure, `<id> note failure` writes its cause to
 * the table's note (`<$.note.prefix><table>/cause.txt`, one per table, the table in its key: a
 * later failed chunk of the same table replaces it), and the child ends in `<id> table
 * failed` as a success. A Distributed Map's children are not in the run's history, so the run
 * reads the notes back when it ends (`replicaFailedTables`) and the table's commit skips a table
 * noted there. A note that cannot be written fails the child (`<id> note not written`), and so
 * the Map: a table's failure is never lost.
 */
export function noteTableFailure(scope: Construct, props: NoteTableFailureProps): void {
  const { id } = props;
  const note = new tasks.CallAwsService(scope, `${id} note failure`, {
    service: 's3',
    action: 'putObject',
    iamAction: 's3:PutObject',
    iamResources: [props.noteObjectsArn],
    parameters: {
      Bucket: sfn.JsonPath.stringAt('$.note.bucket'),
      Key: failureNoteKey('$.failure.table'),
      // The cause as text: States.JsonToString would do, but aws-local-stepfunctions 3 leaves the
      // quotes inside a string unescaped (a DuckDB error quotes SQL), so local runs could not read it back.
      Body: sfn.JsonPath.stringAt('$.failure.cause'),
    },
    resultPath: sfn.JsonPath.DISCARD,
  });
  note.addCatch(
    new sfn.Fail(scope, `${id} note not written`, {
      error: TABLES_FAILED_ERROR,
      causePath: sfn.JsonPath.stringAt('$.failure.cause'),
    }),
    { errors: [sfn.Errors.ALL], resultPath: '$.noteError' },
  );
  catchTableFailure(scope, props.childStates, props).next(note).next(tableFailed(scope, id));
}

/**
 * Ends the run in `fail` (`MapFailed`, the Map's own error and cause) when a replica Distributed
 * Map itself fails: its item list could not be read, or a child could not note its table's
 * failure (a failed child fails the Map with `States.ExceedToleratedFailureThreshold`, the
 * tolerated failure being 0: "Tolerated failure threshold for Distributed Map state",
 * https://docs.aws.amazon.com/step-functions/latest/dg/maprun-fail-threshold.html). A failed
 * table is no such failure: its child notes it and succeeds (see {@link noteTableFailure}).
 */
export function catchMapFailure(scope: Construct, map: Catching, id: string, fail: string): void {
  const unnamed = new sfn.Pass(scope, `${id} map failure`, {
    parameters: {
      cause: sfn.JsonPath.format(
        '{}: {}',
        sfn.JsonPath.stringAt('$.error.Error'),
        sfn.JsonPath.stringAt('$.error.Cause'),
      ),
    },
    resultPath: '$.failure',
  });
  unnamed.next(
    new sfn.Fail(scope, fail, { error: 'MapFailed', causePath: sfn.JsonPath.stringAt('$.failure.cause') }),
  );
  map.addCatch(unnamed, { errors: [sfn.Errors.ALL], resultPath: '$.error' });
}
