import * as iam from 'aws-cdk-lib/aws-iam';
import { watermarksPrefix } from '../../core/naming';
import { acknowledgeGrantWildcards } from '../compliance/acknowledgeGrantWildcards';
import { grantListPrefix } from '../grants/grantListPrefix';
import type { DataLakeStorage } from '../storage/DataLakeStorage';

/**
 * Grants reading (and with `write`, conditionally replacing) one source's watermarks, the objects
 * `_watermarks/<source>/*` of the curated bucket, and nothing else of it. `s3:ListBucket` on that
 * prefix only is what makes a missing watermark a 404 (a first run) instead of a 403.
 *
 * @example
 * ```ts
 * grantWatermarks(storage, plan, 'service', 'read');
 * grantWatermarks(storage, advance, 'service', 'write');
 * ```
 */
export function grantWatermarks(
  storage: DataLakeStorage,
  grantee: iam.IGrantable,
  source: string,
  access: 'read' | 'write',
): iam.Grant {
  const prefix = watermarksPrefix(source);
  const bucket = storage.curatedBucket;
  const grant = iam.Grant.addToPrincipal({
    grantee,
    actions: access === 'write' ? ['s3:GetObject', 's3:PutObject'] : ['s3:GetObject'],
    resourceArns: [bucket.arnForObjects(`${prefix}*`)],
  })
    .combine(grantListPrefix(bucket, grantee, prefix))
    .combine(
      access === 'write'
        ? storage.curatedKey.grant(grantee, 'kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey*')
        : storage.curatedKey.grant(grantee, 'kms:Decrypt'),
    );
  acknowledgeGrantWildcards(
    grantee,
    grant,
    `The watermarks of source ${source} only (${prefix}* in the curated bucket), one object per table named at run time.`,
  );
  return grant;
}
