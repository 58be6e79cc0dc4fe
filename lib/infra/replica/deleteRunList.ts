import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import type { Construct } from 'constructs';
import { TRANSIENT_SDK_ERRORS, transientRetry } from '../stateMachine/transientRetry';

/** Props of {@link deleteRunList}. */
export interface DeleteRunListProps {
  /** Path of the list's key in the state (in the run's bucket, `$.plan.bucket`). */
  readonly keyPath: string;
  /** The objects of the source's stored runs: the only ones the state may delete. */
  readonly runObjectsArn: string;
}

/**
 * Deletes one list of the run's stored plan once its Map is done with it (the chunk lists name
 * primary-key bounds, the table list the tables' plans): an S3 DeleteObject SDK task, which
 * needs `s3:DeleteObject` on the object and no key ("DeleteObject", Amazon S3 API Reference;
 * SSE-KMS decrypts only on reads). Transient errors are retried; a list that still cannot be
 * deleted is left to the raw bucket's lifecycle rule (`Left to expire`), never failing a run
 * whose tables are done.
 *
 * @example
 * ```ts
 * chunks.next(deleteRunList(scope, 'small: delete the chunk list', { keyPath: '$.plan.pools.small.key', runObjectsArn }));
 * ```
 */
export function deleteRunList(scope: Construct, id: string, props: DeleteRunListProps): sfn.IChainable {
  const task = new tasks.CallAwsService(scope, id, {
    service: 's3',
    action: 'deleteObject',
    iamAction: 's3:DeleteObject',
    iamResources: [props.runObjectsArn],
    parameters: {
      Bucket: sfn.JsonPath.stringAt('$.plan.bucket'),
      Key: sfn.JsonPath.stringAt(props.keyPath),
    },
    resultPath: sfn.JsonPath.DISCARD,
  });
  task.addRetry(transientRetry(TRANSIENT_SDK_ERRORS));
  task.addCatch(new sfn.Pass(scope, `${id}: left to expire`), {
    errors: ['States.ALL'],
    resultPath: sfn.JsonPath.DISCARD,
  });
  return task;
}
