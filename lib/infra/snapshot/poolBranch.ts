import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import type { Construct } from 'constructs';
import type { PoolConfig } from '../../config';
import { MAX_LISTED_PART_KEYS } from '../../core/pipeline/RunPlan';
import { catchTableFailure, tableFailed } from '../stateMachine/catchTableFailure';
import { TRANSIENT_LAMBDA_ERRORS, transientRetry } from '../stateMachine/transientRetry';

/** Props of {@link poolBranch}. */
export interface PoolBranchProps {
  readonly pool: PoolConfig;
  readonly transform: lambda.IFunction;
  readonly commit: lambda.IFunction;
  /** Parts of one table transformed at the same time. */
  readonly partConcurrency: number;
}

/** `$.pools.<name>`, in bracket notation when the name is not a plain identifier. */
function poolPath(name: string): string {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(name) ? `$.pools.${name}` : `$.pools['${name}']`;
}

function lambdaTask(
  scope: Construct,
  id: string,
  fn: lambda.IFunction,
  payload?: sfn.TaskInput,
): tasks.LambdaInvoke {
  const task = new tasks.LambdaInvoke(scope, id, {
    lambdaFunction: fn,
    payload,
    payloadResponseOnly: true,
    // Replaced by transientRetry below, which adds jitter and a delay cap.
    retryOnServiceExceptions: false,
    // Outputs are dropped: the commit step reads the manifests, not Map results.
    outputPath: sfn.JsonPath.DISCARD,
  });
  task.addRetry(transientRetry(TRANSIENT_LAMBDA_ERRORS));
  return task;
}

/**
 * What the transform gets for one part: `{ plan, part: { bucket, key, index } }` (the curated
 * bucket is the function's setting).
 *
 * @param key path of the part's key in the Map item
 * @param index path of the part's index: the inline Map's item index, or the part list's own
 */
function transformInput(key: string, index: string) {
  return {
    plan: sfn.JsonPath.objectAt('$.table'),
    part: {
      bucket: sfn.JsonPath.stringAt('$.parts.bucket'),
      key: sfn.JsonPath.stringAt(key),
      index: sfn.JsonPath.numberAt(index),
    },
  };
}

/**
 * One Parallel branch of the run: a Map over the pool's tables (`$.pools.<pool>`, in
 * the plan's priority order) with `maxConcurrency` = the pool's size. Per table: an
 * inline Map over `parts.keys` when there are at most `MAX_LISTED_PART_KEYS` parts (the
 * plan lists them), else a Distributed Map whose JSON ItemReader reads the part list the plan
 * wrote (`parts.listKey` in `parts.bucket`: `{ key, index }` items, part files only); then the
 * commit, which gets the table's export folder (`parts.prefix`) to delete once committed. The
 * state machine needs `s3:GetObject` on the part lists. A table that fails after the retries
 * ends its iteration in `<pool>: table failed` (its cause naming the table and the error, see
 * `catchTableFailure`) while the other tables go on; the branch's output is `{ results }`, the
 * distinct outputs of its tables (`{}` or `{ failed: <table> }`), for `failWhenTablesFailed`.
 */
export function poolBranch(scope: Construct, props: PoolBranchProps): sfn.IChainable {
  const name = props.pool.name;
  const path = poolPath(name);

  const inlineParts = new sfn.Map(scope, `${name}: inline parts`, {
    itemsPath: '$.parts.keys',
    itemSelector: transformInput('$$.Map.Item.Value', '$$.Map.Item.Index'),
    maxConcurrency: props.partConcurrency,
    resultPath: sfn.JsonPath.DISCARD,
  });
  inlineParts.itemProcessor(lambdaTask(scope, `${name}: transform`, props.transform));

  const manyParts = new sfn.DistributedMap(scope, `${name}: many parts`, {
    // Bucket by path: the reader then grants nothing itself, and the pipeline grants the part lists only.
    itemReader: new sfn.S3JsonItemReader({
      bucketNamePath: sfn.JsonPath.stringAt('$.parts.bucket'),
      key: sfn.JsonPath.stringAt('$.parts.listKey'),
    }),
    itemSelector: transformInput('$$.Map.Item.Value.key', '$$.Map.Item.Value.index'),
    maxConcurrency: props.partConcurrency,
    // Each part takes minutes: child executions must be STANDARD (EXPRESS stops at 5).
    mapExecutionType: sfn.StateMachineType.STANDARD,
    resultPath: sfn.JsonPath.DISCARD,
  });
  manyParts.itemProcessor(lambdaTask(scope, `${name}: transform many`, props.transform));

  const commit = lambdaTask(
    scope,
    `${name}: commit`,
    props.commit,
    sfn.TaskInput.fromObject({
      plan: sfn.JsonPath.objectAt('$.table'),
      expectedParts: sfn.JsonPath.numberAt('$.parts.count'),
      // Deleted by the commit once the table is committed: its unmasked rows leave the raw zone.
      tableExport: sfn.JsonPath.stringAt('$.parts.prefix'),
    }),
  );

  catchTableFailure(scope, [inlineParts, manyParts, commit], {
    id: `${name}:`,
    planPath: '$.table',
  }).next(tableFailed(scope, `${name}:`));

  // Each iteration ends with `{}` (the commit's output is dropped) or `{ failed: <table> }`; the
  // distinct ones are the branch's results.
  const tables = new sfn.Map(scope, `${name}: tables`, {
    itemsPath: path,
    maxConcurrency: props.pool.maxConcurrency,
    resultSelector: { results: sfn.JsonPath.arrayUnique(sfn.JsonPath.listAt('$')) },
  });
  tables.itemProcessor(
    new sfn.Choice(scope, `${name}: parts?`)
      .when(
        sfn.Condition.numberLessThanEquals('$.parts.count', MAX_LISTED_PART_KEYS),
        inlineParts.next(commit),
      )
      .otherwise(manyParts.next(commit)),
  );

  return new sfn.Choice(scope, `${name}: has tables?`)
    .when(sfn.Condition.isPresent(path), tables)
    .otherwise(new sfn.Pass(scope, `${name}: no tables`, { parameters: { results: [] } }));
}
