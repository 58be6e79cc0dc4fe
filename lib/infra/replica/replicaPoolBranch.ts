import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import type { Construct } from 'constructs';
import type { PoolConfig } from '../../config';
import { TRANSIENT_LAMBDA_ERRORS, transientRetry } from '../stateMachine/transientRetry';
import { deleteRunList } from './deleteRunList';
import { REPLICA_CONNECTION_ERRORS, replicaConnectionRetry } from './replicaConnectionRetry';
import { failureNoteSelector, replicaMapFailure } from './replicaMapFailure';
import { replicaResultWriter } from './replicaResultWriter';

/** Props of {@link replicaChunkBranch}. */
export interface ReplicaChunkBranchProps {
  readonly pool: PoolConfig;
  /** The source's name: where its run's Map results go. */
  readonly sourceName: string;
  /** The extract Lambda: how to reach a replica and where to write are its settings, each chunk's host its item's. */
  readonly extract: lambda.IFunction;
  /** The objects of the source's stored runs, where the failure notes are written and read. */
  readonly runObjectsArn: string;
}

/** `$.plan.pools.<name>`, in bracket notation when the name is not a plain identifier. */
function poolPath(name: string): string {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(name) ? `$.plan.pools.${name}` : `$.plan.pools['${name}']`;
}

/**
 * One Parallel branch of a replica run: a Distributed Map over the pool's stored chunk list
 * (`$.plan.pools.<pool>.key` in `$.plan.bucket`, read by a JSON ItemReader; highest-priority
 * table first, each item with its table's plan and its replica's host) with `maxConcurrency` =
 * the pool's size, so the replica never runs more of the pool's queries at once. Each child calls
 * the extract Lambda, which retries transient Lambda errors and connection failures with jittered
 * backoff. A chunk that still fails ends the run in `<pool>: chunk failed` (`TableFailed`, the
 * cause naming the table, the chunk and the error; see `replicaMapFailure`). The children's
 * results go to S3, so no state's data grows with the chunks. Once every chunk is extracted the
 * chunk list (primary-key bounds) is deleted. The state machine needs
 * `grantReplicaRuns(…, 'read-write')`.
 */
export function replicaChunkBranch(scope: Construct, props: ReplicaChunkBranchProps): sfn.IChainable {
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

  const note = { bucketPath: '$.plan.bucket', keyPath: `${path}.failureKey` };
  const chunks = new sfn.DistributedMap(scope, `${name}: chunks`, {
    itemReader: new sfn.S3JsonItemReader({
      bucketNamePath: sfn.JsonPath.stringAt('$.plan.bucket'),
      key: sfn.JsonPath.stringAt(`${path}.key`),
    }),
    itemSelector: {
      work: sfn.JsonPath.objectAt('$$.Map.Item.Value'),
      note: failureNoteSelector(note),
    },
    maxConcurrency: props.pool.maxConcurrency,
    // A chunk takes minutes: child executions must be STANDARD (EXPRESS stops at 5).
    mapExecutionType: sfn.StateMachineType.STANDARD,
    resultWriterV2: replicaResultWriter(props.sourceName),
    resultPath: sfn.JsonPath.DISCARD,
  });
  replicaMapFailure(scope, {
    id: `${name}:`,
    map: chunks,
    childStates: [extract],
    cause: sfn.JsonPath.format(
      'Table {}.{} failed in chunk {} with {}: {}',
      sfn.JsonPath.stringAt('$.work.plan.source'),
      sfn.JsonPath.stringAt('$.work.plan.table'),
      sfn.JsonPath.stringAt('$.work.chunk.index'),
      sfn.JsonPath.stringAt('$.error.Error'),
      sfn.JsonPath.stringAt('$.error.Cause'),
    ),
    fail: `${name}: chunk failed`,
    ...note,
    noteObjectsArn: props.runObjectsArn,
  });
  chunks.itemProcessor(extract);
  const deleteChunks = deleteRunList(scope, `${name}: delete the chunk list`, {
    keyPath: `${path}.key`,
    runObjectsArn: props.runObjectsArn,
  });

  return new sfn.Choice(scope, `${name}: has chunks?`)
    .when(sfn.Condition.isPresent(path), chunks.next(deleteChunks))
    .otherwise(new sfn.Succeed(scope, `${name}: no chunks`));
}
