import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import type { Construct } from 'constructs';
import type { PoolConfig } from '../../config';
import { catchAsTableFailure } from '../pipeline/catchAsTableFailure';
import { TRANSIENT_LAMBDA_ERRORS, transientRetry } from '../pipeline/transientRetry';
import { REPLICA_CONNECTION_ERRORS, replicaConnectionRetry } from './replicaConnectionRetry';

/** Props of {@link replicaChunkBranch}. */
export interface ReplicaChunkBranchProps {
  readonly pool: PoolConfig;
  readonly extract: lambda.IFunction;
  readonly curatedBucketName: string;
  /**
   * What the extract connects to but the host: `{ engine, port, database, credentialsSecretArn }`.
   * Each chunk's host is the plan's `replicaHosts` entry its item names.
   */
  readonly replica: Readonly<Record<string, string | number>>;
}

/** `$.plan.pools.<name>`, in bracket notation when the name is not a plain identifier. */
function poolPath(name: string): string {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(name) ? `$.plan.pools.${name}` : `$.plan.pools['${name}']`;
}

/**
 * One Parallel branch of a replica run: a Map over the pool's chunk items (`$.plan.pools.<pool>`,
 * highest-priority table first) with `maxConcurrency` = the pool's size, so the replica never runs
 * more of the pool's queries at once. Each item picks its table's plan from `$.plan.tables` and
 * its replica's host from `$.plan.replicaHosts`, and calls the extract Lambda, which retries
 * transient Lambda errors and connection failures with jittered backoff. A chunk that still fails ends the run in `<pool>: chunk failed`
 * (`TableFailed`, the cause naming the table, the chunk and the error).
 */
export function replicaChunkBranch(scope: Construct, props: ReplicaChunkBranchProps): sfn.IChainable {
  const name = props.pool.name;
  const path = poolPath(name);

  const extract = new tasks.LambdaInvoke(scope, `${name}: extract`, {
    lambdaFunction: props.extract,
    payload: sfn.TaskInput.fromObject({
      plan: sfn.JsonPath.objectAt('$.table.plan'),
      chunk: sfn.JsonPath.objectAt('$.chunk'),
      curatedBucket: props.curatedBucketName,
      replica: { ...props.replica, host: sfn.JsonPath.stringAt('$.host') },
    }),
    payloadResponseOnly: true,
    retryOnServiceExceptions: false,
    // The commit reads the manifests, not the Map's results.
    outputPath: sfn.JsonPath.DISCARD,
  });
  extract.addRetry(transientRetry(TRANSIENT_LAMBDA_ERRORS));
  extract.addRetry(replicaConnectionRetry(REPLICA_CONNECTION_ERRORS));

  catchAsTableFailure(
    scope,
    [extract],
    { name: `${name}: name failure`, fail: `${name}: chunk failed` },
    sfn.JsonPath.format(
      'Table {}.{} failed in chunk {} with {}: {}',
      sfn.JsonPath.stringAt('$.table.plan.source'),
      sfn.JsonPath.stringAt('$.table.plan.table'),
      sfn.JsonPath.stringAt('$.chunk.index'),
      sfn.JsonPath.stringAt('$.error.Error'),
      sfn.JsonPath.stringAt('$.error.Cause'),
    ),
  );

  const chunks = new sfn.Map(scope, `${name}: chunks`, {
    itemsPath: path,
    itemSelector: {
      // The table's plan travels once in $.plan.tables, not once per chunk (256 KiB state limit).
      table: sfn.JsonPath.arrayGetItem(
        sfn.JsonPath.listAt('$.plan.tables'),
        sfn.JsonPath.numberAt('$$.Map.Item.Value.table'),
      ),
      chunk: sfn.JsonPath.objectAt('$$.Map.Item.Value.chunk'),
      host: sfn.JsonPath.arrayGetItem(
        sfn.JsonPath.listAt('$.plan.replicaHosts'),
        sfn.JsonPath.numberAt('$$.Map.Item.Value.replica'),
      ),
    },
    maxConcurrency: props.pool.maxConcurrency,
    resultPath: sfn.JsonPath.DISCARD,
  });
  chunks.itemProcessor(extract);

  return new sfn.Choice(scope, `${name}: has chunks?`)
    .when(sfn.Condition.isPresent(path), chunks)
    .otherwise(new sfn.Succeed(scope, `${name}: no chunks`));
}
