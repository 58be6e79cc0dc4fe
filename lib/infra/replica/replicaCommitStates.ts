import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import type { Construct } from 'constructs';
import { TRANSIENT_LAMBDA_ERRORS, transientRetry } from '../stateMachine/transientRetry';
import { listRunObjects } from './listRunObjects';
import { replicaResultWriter } from './replicaResultWriter';
import { catchMapFailure, FAILURE_NOTE_SELECTOR, noteTableFailure } from './replicaTableFailure';

/** Props of {@link replicaCommitStates}. */
export interface ReplicaCommitStatesProps {
  /** The pool whose tables are committed (`$.plan.pools.<pool>.tables.key` is their stored list). */
  readonly pool: string;
  /** Path of the pool's entry in the manifest, `$.plan.pools.<pool>`. */
  readonly poolPath: string;
  /** The source's name: where its run's Map results go. */
  readonly sourceName: string;
  /** The shared commit Lambda (`lambdas/commit`). */
  readonly commit: lambda.IFunction;
  /** The Lambda claiming an incremental table's window before its commit (`lambdas/advance-watermark`). */
  readonly advance: lambda.IFunction;
  /** Tables of the pool committed at the same time (Glue calls only; the replica is not read). */
  readonly concurrency: number;
  /** The objects of the source's stored runs, where the failure notes are written and listed. */
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
 * The states after a pool's chunks are extracted: a Distributed Map over the pool's stored table
 * list (`<poolPath>.tables.key` in `$.plan.bucket`) that commits each table on its own (the
 * snapshot pipeline's commit step, expecting one part per chunk), without waiting for the other
 * pools. A table one of whose chunks failed has a failure note (`<id> chunks noted?`, a
 * ListObjectsV2 of the table's note folder) and is not committed: its view and watermark stay
 * where they were. An incremental table with a window first claims it (a conditional write of its
 * stored claim from the version the run was planned with: of two runs planned at once only one
 * goes on; the other fails with a conflict). The commit itself records the window's end with the
 * run in the view's one catalog call, so there is nothing to do after it: a crash before the
 * commit leaves the window to the next run, a crash after it leaves nothing to read again. A
 * failed claim or commit notes the table (see `noteTableFailure`) and the other tables go on.
 */
export function replicaCommitStates(scope: Construct, props: ReplicaCommitStatesProps): sfn.IChainable {
  const id = `${props.pool}:`;
  const commit = lambdaTask(scope, `${id} commit the table`, props.commit, {
    payload: sfn.TaskInput.fromObject({
      plan: sfn.JsonPath.objectAt('$.table.plan'),
      expectedParts: sfn.JsonPath.numberAt('$.table.chunks'),
    }),
  });
  const claim = lambdaTask(
    scope,
    `${id} claim the window`,
    props.advance,
    // The item's claim is the whole payload (a payload cannot be a bare path).
    { inputPath: '$.table.watermark' },
  );
  // A chunk's failure note is the only trace of it here: a Distributed Map's children share nothing.
  const noted = listRunObjects(scope, `${id} chunks noted?`, '$.note.bucket', {
    prefix: "States.Format('{}{}/', $.note.prefix, $.table.plan.table)",
    maxKeys: 1,
    resultSelector: { 'count.$': '$.KeyCount' },
    resultPath: '$.noted',
  });

  const tables = new sfn.DistributedMap(scope, `${id} commit tables`, {
    itemReader: new sfn.S3JsonItemReader({
      bucketNamePath: sfn.JsonPath.stringAt('$.plan.bucket'),
      key: sfn.JsonPath.stringAt(`${props.poolPath}.tables.key`),
    }),
    itemSelector: {
      table: sfn.JsonPath.objectAt('$$.Map.Item.Value'),
      note: FAILURE_NOTE_SELECTOR,
    },
    maxConcurrency: props.concurrency,
    mapExecutionType: sfn.StateMachineType.STANDARD,
    resultWriterV2: replicaResultWriter(props.sourceName),
    resultPath: sfn.JsonPath.DISCARD,
  });
  noteTableFailure(scope, {
    id: `${id} commit`,
    childStates: [claim, commit],
    planPath: '$.table.plan',
    noteObjectsArn: props.runObjectsArn,
  });
  catchMapFailure(scope, tables, `${id} commit`, `${id} commits failed`);
  tables.itemProcessor(
    noted.next(
      new sfn.Choice(scope, `${id} extracted?`)
        .when(
          sfn.Condition.numberGreaterThan('$.noted.count', 0),
          new sfn.Succeed(scope, `${id} not committed`, {
            comment:
              'A chunk of the table failed: its note names it, the run fails once every table has had its turn.',
          }),
        )
        .when(sfn.Condition.isPresent('$.table.watermark'), claim.next(commit))
        .otherwise(commit),
    ),
  );
  return tables;
}
