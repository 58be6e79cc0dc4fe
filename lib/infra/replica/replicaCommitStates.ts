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
  /** The watermark advance Lambda (`lambdas/advance-watermark`). */
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
 * commit step, expecting one part per chunk) and then, for an incremental table only, advances
 * its watermark — after the commit succeeded, never before, so a failed commit leaves the
 * watermark and the next run reads the same window. The advance is a conditional write; a
 * conflict (another run advanced it) fails. A failure ends the run in `Table commit failed`
 * (`TableFailed`, the cause naming the table and the error; see `replicaMapFailure`).
 */
export function replicaCommitStates(scope: Construct, props: ReplicaCommitStatesProps): sfn.IChainable {
  const commit = lambdaTask(scope, 'Commit the table', props.commit, {
    payload: sfn.TaskInput.fromObject({
      plan: sfn.JsonPath.objectAt('$.table.plan'),
      expectedParts: sfn.JsonPath.numberAt('$.table.chunks'),
    }),
  });
  const advance = lambdaTask(
    scope,
    'Advance the watermark',
    props.advance,
    // The item's pending advance is the whole payload (a payload cannot be a bare path).
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
    childStates: [commit, advance],
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
    commit.next(
      new sfn.Choice(scope, 'Incremental?')
        .when(sfn.Condition.isPresent('$.table.watermark'), advance)
        .otherwise(new sfn.Succeed(scope, 'Full load committed')),
    ),
  );
  return tables;
}
