import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import type { Construct } from 'constructs';
import { TRANSIENT_LAMBDA_ERRORS, transientRetry } from '../stateMachine/transientRetry';
import { failureNoteSelector, replicaMapFailure } from './replicaMapFailure';
import { replicaResultWriter } from './replicaResultWriter';

/** Props of {@link replicaCommitStates}. */
export interface ReplicaCommitStatesProps {
  /** The source's name: where its run's Map results go. */
  readonly sourceName: string;
  /** The shared commit Lambda (`lambdas/commit`). */
  readonly commit: lambda.IFunction;
  /** The Lambda claiming an incremental table's window before its commit (`lambdas/advance-watermark`). */
  readonly advance: lambda.IFunction;
  /** Tables committed at the same time (Glue calls only; the replica is not read). */
  readonly concurrency: number;
  /** The objects of the source's stored runs, where the failure notes are written and read. */
  readonly runObjectsArn: string;
}

function lambdaTask(
  scope: Construct,
  id: string,
  fn: lambda.IFunction,
  input: { payload: sfn.TaskInput } | { inputPath: string },
) {
  const task = new tasks.LambdaInvoke(scope, id, {
    lambdaFunction: fn,
    ...input,
    payloadResponseOnly: true,
    retryOnServiceExceptions: false,
    resultPath: sfn.JsonPath.DISCARD,
  });
  task.addRetry(transientRetry(TRANSIENT_LAMBDA_ERRORS));
  return task;
}

/**
 * The states after every chunk of the run is extracted: a Distributed Map over the stored table
 * list (`$.plan.tables.key` in `$.plan.bucket`) that commits each table (the snapshot pipeline's
 * commit step, expecting one part per chunk). An incremental table with a window first claims it
 * (a conditional write of its stored claim from the version the run was planned with: of two runs
 * planned at once only one goes on; the other fails with a conflict). The commit itself records
 * the window's end with the run in the view's one catalog call, so there is nothing to do after
 * it: a crash before the commit leaves the window to the next run, a crash after it leaves
 * nothing to read again. A failure ends the run in `Table commit failed` (`TableFailed`, the
 * cause naming the table and the error; see `replicaMapFailure`).
 */
export function replicaCommitStates(scope: Construct, props: ReplicaCommitStatesProps): sfn.IChainable {
  const commit = lambdaTask(scope, 'Commit the table', props.commit, {
    payload: sfn.TaskInput.fromObject({
      plan: sfn.JsonPath.objectAt('$.table.plan'),
      expectedParts: sfn.JsonPath.numberAt('$.table.chunks'),
    }),
  });
  const claim = lambdaTask(
    scope,
    'Claim the window',
    props.advance,
    // The item's claim is the whole payload (a payload cannot be a bare path).
    { inputPath: '$.table.watermark' },
  );

  const note = { bucketPath: '$.plan.bucket', keyPath: '$.plan.commitFailureKey' };
  const tables = new sfn.DistributedMap(scope, 'Commit tables', {
    itemReader: new sfn.S3JsonItemReader({
      bucketNamePath: sfn.JsonPath.stringAt('$.plan.bucket'),
      key: sfn.JsonPath.stringAt('$.plan.tables.key'),
    }),
    itemSelector: {
      table: sfn.JsonPath.objectAt('$$.Map.Item.Value'),
      note: failureNoteSelector(note),
    },
    maxConcurrency: props.concurrency,
    mapExecutionType: sfn.StateMachineType.STANDARD,
    resultWriterV2: replicaResultWriter(props.sourceName),
    resultPath: sfn.JsonPath.DISCARD,
  });
  replicaMapFailure(scope, {
    id: 'Commit:',
    map: tables,
    childStates: [claim, commit],
    cause: sfn.JsonPath.format(
      'Table {}.{} failed with {}: {}',
      sfn.JsonPath.stringAt('$.table.plan.source'),
      sfn.JsonPath.stringAt('$.table.plan.table'),
      sfn.JsonPath.stringAt('$.error.Error'),
      sfn.JsonPath.stringAt('$.error.Cause'),
    ),
    fail: 'Table commit failed',
    ...note,
    noteObjectsArn: props.runObjectsArn,
  });
  tables.itemProcessor(
    new sfn.Choice(scope, 'Incremental?')
      .when(sfn.Condition.isPresent('$.table.watermark'), claim.next(commit))
      .otherwise(commit),
  );
  return tables;
}
