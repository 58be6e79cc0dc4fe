import * as iam from 'aws-cdk-lib/aws-iam';
import { replicaRunKeyPattern } from '../../core/orchestration/replicaRunKeys';
import { acknowledgeGrantWildcards } from '../compliance/acknowledgeGrantWildcards';
import type { DataLakeStorage } from '../storage/DataLakeStorage';

/**
 * Grants access to one source's stored replica runs, the objects `replica-runs/<source>/*` of the
 * raw bucket (SSE-KMS with the raw key), and nothing else of the bucket:
 * - `write` (the plan Lambda): storing the run's table and chunk lists;
 * - `read-write` (the state machine): the Distributed Maps' JSON ItemReaders read the lists
 *   (s3:GetObject, per "IAM policies for using Distributed Map states",
 *   https://docs.aws.amazon.com/step-functions/latest/dg/iam-policies-eg-dist-map.html), their
 *   ResultWriters write the children's results (s3:PutObject), and the failure notes are written
 *   and read back.
 *
 * @example
 * ```ts
 * grantReplicaRuns(storage, plan, 'service', 'write');
 * grantReplicaRuns(storage, stateMachine, 'service', 'read-write');
 * ```
 */
export function grantReplicaRuns(
  storage: DataLakeStorage,
  grantee: iam.IGrantable,
  source: string,
  access: 'write' | 'read-write',
): iam.Grant {
  const pattern = replicaRunKeyPattern(source);
  const grant = iam.Grant.addToPrincipal({
    grantee,
    actions: access === 'write' ? ['s3:PutObject'] : ['s3:GetObject', 's3:PutObject'],
    resourceArns: [storage.rawBucket.arnForObjects(pattern)],
  }).combine(
    access === 'write'
      ? storage.rawKey.grant(grantee, 'kms:Encrypt', 'kms:GenerateDataKey*')
      : storage.rawKey.grant(grantee, 'kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey*'),
  );
  acknowledgeGrantWildcards(
    grantee,
    grant,
    `The stored replica runs of source ${source} only (${pattern} in the raw bucket), one folder per run named at run time.`,
  );
  return grant;
}
