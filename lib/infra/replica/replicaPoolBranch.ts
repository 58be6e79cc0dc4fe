import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import type { Construct } from 'constructs';
import type { PoolConfig } from '../../config';
import { TRANSIENT_LAMBDA_ERRORS, transientRetry } from '../stateMachine/transientRetry';
import { deleteRunList } from './deleteRunList';
import { replicaCommitStates } from './replicaCommitStates';
import { REPLICA_CONNECTION_ERRORS, replicaConnectionRetry } from './replicaConnectionRetry';
import { replicaResultWriter } from './replicaResultWriter';
import { catchMapFailure, FAILURE_NOTE_SELECTOR, noteTableFailure } from './replicaTableFailure';

/** Props of {@link replicaPoolBranch}. */
export interface ReplicaPoolBranchProps {
  readonly pool: PoolConfig;
  /** The source's name: where its run's Map results go. */
  readonly sourceName: string;
  /** The extract Lambda: how to reach a replica and where to write are its settings, each chunk's host its item's. */
  readonly extract: lambda.IFunction;
  /** The shared commit Lambda (`lambdas/commit`). */
  readonly commit: lambda.IFunction;
  /** The Lambda claiming an incremental table's window before its commit (`lambdas/advance-watermark`). */
  readonly advance: lambda.IFunction;
  /** Tables of the pool committed at the same time. */
  readonly commitConcurrency: number;
  /** The objects of the source's stored runs, where the failure notes are written and read. */
  readonly runObjectsArn: string;
}

/** `$.plan.pools.<name>`, in bracket notation when the name is not a plain identifier. */
function poolPath(name: string): string {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(name) ? `$.plan.pools.${name}` : `$.plan.pools['${name}']`;
}

/**
 * One Parallel branch of a replica run, for one pool with tables this run:
 * 1. a Distributed Map over the pool's stored chunk list (`$.plan.pools.<pool>.key` in
 *    `$.plan.bucket`, read by a JSON ItemReader; highest-priority table first, each item with its
 *    table's plan and its replica's host) with `maxConcurrency` = the pool's size, so the replica
 *    never runs more of the pool's queries at once. Each child calls the extract Lambda, which
 *    retries transient Lambda errors and connection failures with jittered backoff; a chunk that
 *    still fails notes its table (`noteTableFailure`) and ends as a success, so the other tables'
 *    chunks go on. The children's results go to S3, so no state's data grows with the chunks.
 * 2. deletes the chunk list (primary-key bounds);
 * 3. commits the pool's tables (`replicaCommitStates`) as soon as the pool's chunks are extracted,
 *    whatever the other pools are doing: each table on its own, a table with a noted chunk not at
 *    all;
 * 4. deletes the pool's table list.
 *
 * The state machine needs `grantReplicaRuns(…, 'read-write')` and `s3:ListBucket` on the run folder.
 */
export function replicaPoolBranch(scope: Construct, props: ReplicaPoolBranchProps): sfn.IChainable {
  const name = props.pool.name;
  const path = poolPath(name);

  const extract = new tasks.LambdaInvoke(scope, `${name}: extract`, {
    lambdaFunction: props.extract,
    payload: sfn.TaskInput.fromObject({
      plan: sfn.JsonPath.objectAt('$.work.plan'),
      chunk: sfn.JsonPath.objectAt('$.work.chunk'),
      host: sfn.JsonPath.stringAt('$.work.host'),
    }),
    payloadResponseOnly: true,
    retryOnServiceExceptions: false,
    // The commit reads the manifests, not the Map's results.
    outputPath: sfn.JsonPath.DISCARD,
  });
  extract.addRetry(transientRetry(TRANSIENT_LAMBDA_ERRORS));
  extract.addRetry(replicaConnectionRetry(REPLICA_CONNECTION_ERRORS));

  const chunks = new sfn.DistributedMap(scope, `${name}: chunks`, {
    itemReader: new sfn.S3JsonItemReader({
      bucketNamePath: sfn.JsonPath.stringAt('$.plan.bucket'),
      key: sfn.JsonPath.stringAt(`${path}.key`),
    }),
    itemSelector: { work: sfn.JsonPath.objectAt('$$.Map.Item.Value'), note: FAILURE_NOTE_SELECTOR },
    maxConcurrency: props.pool.maxConcurrency,
    // A chunk takes minutes: child executions must be STANDARD (EXPRESS stops at 5).
    mapExecutionType: sfn.StateMachineType.STANDARD,
    resultWriterV2: replicaResultWriter(props.sourceName),
    resultPath: sfn.JsonPath.DISCARD,
  });
  noteTableFailure(scope, {
    id: `${name}:`,
    childStates: [extract],
    planPath: '$.work.plan',
    chunkIndexPath: '$.work.chunk.index',
    noteObjectsArn: props.runObjectsArn,
  });
  catchMapFailure(scope, chunks, `${name}:`, `${name}: chunks failed`);
  chunks.itemProcessor(extract);

  const listsDone = (list: 'chunk' | 'table', keyPath: string) =>
    deleteRunList(scope, `${name}: delete the ${list} list`, { keyPath, runObjectsArn: props.runObjectsArn });

  return new sfn.Choice(scope, `${name}: has tables?`)
    .when(
      sfn.Condition.isPresent(path),
      chunks
        .next(listsDone('chunk', `${path}.key`))
        .next(
          replicaCommitStates(scope, {
            pool: name,
            poolPath: path,
            sourceName: props.sourceName,
            commit: props.commit,
            advance: props.advance,
            concurrency: props.commitConcurrency,
            runObjectsArn: props.runObjectsArn,
          }),
        )
        .next(listsDone('table', `${path}.tables.key`)),
    )
    .otherwise(new sfn.Succeed(scope, `${name}: no tables`));
}
