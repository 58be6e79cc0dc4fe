import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import type { Construct } from 'constructs';

/** A state that can catch errors: a task, a Map. */
interface Catching {
  addCatch(handler: sfn.IChainable, props?: sfn.CatchProps): unknown;
}

/** Props of {@link replicaMapFailure}. */
export interface ReplicaMapFailureProps {
  /** Prefix of the state names, e.g. `small:` or `Commit:`. */
  readonly id: string;
  /** The Distributed Map whose children run `childStates`. */
  readonly map: Catching;
  /** The child states whose errors fail the child. */
  readonly childStates: readonly Catching[];
  /** The failure's cause, a `States.Format` over the child's input and `$.error`. */
  readonly cause: string;
  /** The Fail state's name: the run ends there. */
  readonly fail: string;
  /** Path, in the Map's input, of the bucket the note is written to (the child gets it as `$.note.bucket`). */
  readonly bucketPath: string;
  /** Path, in the Map's input, of the note's key (the child gets it as `$.note.key`). */
  readonly keyPath: string;
  /** The objects the notes are written to and read from, for the SDK tasks' policy (the source's run folder). */
  readonly noteObjectsArn: string;
}

/** What the Map's ItemSelector adds to each item so a failing child knows where to note its failure. */
export function failureNoteSelector(props: Pick<ReplicaMapFailureProps, 'bucketPath' | 'keyPath'>) {
  return {
    bucket: sfn.JsonPath.stringAt(props.bucketPath),
    key: sfn.JsonPath.stringAt(props.keyPath),
  };
}

/**
 * How a replica run ends naming the table when a Distributed Map's child fails. A failed child
 * fails the Map with `States.ExceedToleratedFailureThreshold` (the default tolerated failure is
 * 0: "Tolerated failure threshold for Distributed Map state",
 * https://docs.aws.amazon.com/step-functions/latest/dg/maprun-fail-threshold.html), not with the
 * child's error, so the child first writes its named cause to a small S3 note (`$.note`):
 * child `<id> name failure` (Pass) → `<id> note failure` (s3:putObject) → `<id> child failed` (Fail);
 * the Map's catch then reads the note back: `<id> read failure` (s3:getObject) → `fail`
 * (`TableFailed`, the note as cause). A Map that failed without a note (its item list could not
 * be read) ends in `fail` with its own error and cause.
 */
export function replicaMapFailure(scope: Construct, props: ReplicaMapFailureProps): void {
  const { id } = props;
  const childFailed = new sfn.Fail(scope, `${id} child failed`, {
    error: 'TableFailed',
    causePath: sfn.JsonPath.stringAt('$.failure.cause'),
  });
  const note = new tasks.CallAwsService(scope, `${id} note failure`, {
    service: 's3',
    action: 'putObject',
    iamAction: 's3:PutObject',
    iamResources: [props.noteObjectsArn],
    parameters: {
      Bucket: sfn.JsonPath.stringAt('$.note.bucket'),
      Key: sfn.JsonPath.stringAt('$.note.key'),
      Body: sfn.JsonPath.stringAt('$.failure.cause'),
    },
    resultPath: sfn.JsonPath.DISCARD,
  });
  // The child fails either way: without its note, the Map's own error names no table.
  note.addCatch(childFailed, { errors: [sfn.Errors.ALL], resultPath: '$.noteError' });
  const nameFailure = new sfn.Pass(scope, `${id} name failure`, {
    parameters: { cause: props.cause },
    resultPath: '$.failure',
  });
  nameFailure.next(note).next(childFailed);
  for (const state of props.childStates)
    state.addCatch(nameFailure, { errors: [sfn.Errors.ALL], resultPath: '$.error' });

  const failed = new sfn.Fail(scope, props.fail, {
    error: 'TableFailed',
    causePath: sfn.JsonPath.stringAt('$.failure.cause'),
  });
  const readNote = new tasks.CallAwsService(scope, `${id} read failure`, {
    service: 's3',
    action: 'getObject',
    iamAction: 's3:GetObject',
    iamResources: [props.noteObjectsArn],
    parameters: {
      Bucket: sfn.JsonPath.stringAt(props.bucketPath),
      Key: sfn.JsonPath.stringAt(props.keyPath),
    },
    resultSelector: { cause: sfn.JsonPath.stringAt('$.Body') },
    resultPath: '$.failure',
  });
  readNote.next(failed);
  const unnamed = new sfn.Pass(scope, `${id} unnamed failure`, {
    parameters: {
      cause: sfn.JsonPath.format(
        '{}: {}',
        sfn.JsonPath.stringAt('$.error.Error'),
        sfn.JsonPath.stringAt('$.error.Cause'),
      ),
    },
    resultPath: '$.failure',
  });
  unnamed.next(failed);
  readNote.addCatch(unnamed, { errors: [sfn.Errors.ALL], resultPath: '$.noteError' });
  props.map.addCatch(readNote, { errors: [sfn.Errors.ALL], resultPath: '$.error' });
}
