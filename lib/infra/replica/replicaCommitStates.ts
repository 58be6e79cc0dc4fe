import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import type { Construct } from 'constructs';
import { catchAsTableFailure } from '../pipeline/catchAsTableFailure';
import { TRANSIENT_LAMBDA_ERRORS, transientRetry } from '../pipeline/transientRetry';

/** Props of {@link replicaCommitStates}. */
export interface ReplicaCommitStatesProps {
  /** The shared commit Lambda (`lambdas/commit`). */
  readonly commit: lambda.IFunction;
  /** The watermark advance Lambda (`lambdas/replica-commit`). */
  readonly advance: lambda.IFunction;
  readonly databaseName: string;
  readonly curatedBucketName: string;
  /** Tables committed at the same time (Glue calls only; the replica is not read). */
  readonly concurrency: number;
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
 * The states after every chunk of the run is extracted: a Map over `$.plan.tables` that commits
 * each table (the snapshot pipeline's commit step, expecting one part per chunk) and then, for an
 * incremental table only, advances its watermark — after the commit succeeded, never before, so a
 * failed commit leaves the watermark and the next run reads the same window. The advance is a
 * conditional write; a conflict (another run advanced it) fails. A failure ends the run in
 * `Table commit failed` (`TableFailed`, the cause naming the table and the error).
 */
export function replicaCommitStates(scope: Construct, props: ReplicaCommitStatesProps): sfn.IChainable {
  const commit = lambdaTask(scope, 'Commit the table', props.commit, {
    payload: sfn.TaskInput.fromObject({
      plan: sfn.JsonPath.objectAt('$.plan'),
      database: props.databaseName,
      curatedBucket: props.curatedBucketName,
      expectedParts: sfn.JsonPath.numberAt('$.chunks'),
    }),
  });
  const advance = lambdaTask(
    scope,
    'Advance the watermark',
    props.advance,
    // The item's pending advance is the whole payload (a payload cannot be a bare path).
    { inputPath: '$.watermark' },
  );

  catchAsTableFailure(
    scope,
    [commit, advance],
    { name: 'Name the commit failure', fail: 'Table commit failed' },
    sfn.JsonPath.format(
      'Table {}.{} failed with {}: {}',
      sfn.JsonPath.stringAt('$.plan.source'),
      sfn.JsonPath.stringAt('$.plan.table'),
      sfn.JsonPath.stringAt('$.error.Error'),
      sfn.JsonPath.stringAt('$.error.Cause'),
    ),
  );

  const tables = new sfn.Map(scope, 'Commit tables', {
    itemsPath: '$.plan.tables',
    maxConcurrency: props.concurrency,
    resultPath: sfn.JsonPath.DISCARD,
  });
  tables.itemProcessor(
    commit.next(
      new sfn.Choice(scope, 'Incremental?')
        .when(sfn.Condition.isPresent('$.watermark'), advance)
        .otherwise(new sfn.Succeed(scope, 'Full load committed')),
    ),
  );
  return tables;
}
