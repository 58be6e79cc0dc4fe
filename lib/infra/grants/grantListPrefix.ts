import * as iam from 'aws-cdk-lib/aws-iam';
import type * as s3 from 'aws-cdk-lib/aws-s3';

/**
 * Grants listing the keys of `bucket` under `prefix` only: `s3:ListBucket` (what ListObjectsV2
 * checks, Amazon S3 API Reference, "ListObjectsV2", permissions) on the bucket, on condition that
 * the request's `s3:prefix` lies under `prefix`. No object is read and no key is used: a listing
 * returns keys, not data.
 *
 * @param prefix a folder, ending in `/`, e.g. `exports/service/`
 * @example
 * ```ts
 * grantListPrefix(storage.rawBucket, commit, 'exports/service/');
 * ```
 */
export function grantListPrefix(bucket: s3.IBucket, grantee: iam.IGrantable, prefix: string): iam.Grant {
  return iam.Grant.addToPrincipal({
    grantee,
    actions: ['s3:ListBucket'],
    resourceArns: [bucket.bucketArn],
    conditions: { StringLike: { 's3:prefix': `${prefix}*` } },
  });
}
