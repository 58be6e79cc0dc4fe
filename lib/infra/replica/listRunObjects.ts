import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import type { Construct } from 'constructs';
import { TRANSIENT_SDK_ERRORS, transientRetry } from '../stateMachine/transientRetry';

/** Props of {@link listRunObjects}. */
export interface ListRunObjectsProps {
  /** The key prefix listed: a path or `States.Format` of the state's input. */
  readonly prefix: string;
  /** Keys listed at most (ListObjectsV2 returns up to 1,000). */
  readonly maxKeys: number;
  /**
   * What to keep of the listing (JSONPath `ResultSelector`, keys ending in `.$`). A listing with no
   * key has no `Contents`, so a selector must not ask for it.
   *
   * @default - the whole listing
   */
  readonly resultSelector?: Readonly<Record<string, string>>;
  /** Where the kept listing goes. */
  readonly resultPath: string;
}

/**
 * An S3 ListObjectsV2 SDK task over the run's bucket (`$.plan.bucket`, or `$.note.bucket` in a
 * Distributed Map's child). A Task state written out rather than a CallAwsService: that one grants
 * its action on the resources given, while ListObjectsV2 needs `s3:ListBucket` on the bucket itself
 * ("ListObjectsV2", Amazon S3 API Reference, permissions), which the pipeline grants with an
 * `s3:prefix` condition on the source's run folder (`grantListPrefix`): no other key of the raw
 * bucket can be listed. Transient errors are retried.
 */
export function listRunObjects(scope: Construct, id: string, bucketPath: string, props: ListRunObjectsProps) {
  return new sfn.CustomState(scope, id, {
    stateJson: {
      Type: 'Task',
      Resource: 'arn:aws:states:::aws-sdk:s3:listObjectsV2',
      Parameters: { 'Bucket.$': bucketPath, 'Prefix.$': props.prefix, MaxKeys: props.maxKeys },
      ...(props.resultSelector === undefined ? {} : { ResultSelector: props.resultSelector }),
      ResultPath: props.resultPath,
    },
  }).addRetry(transientRetry(TRANSIENT_SDK_ERRORS));
}
