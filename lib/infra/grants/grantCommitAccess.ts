import type * as glue from 'aws-cdk-lib/aws-glue';
import type * as iam from 'aws-cdk-lib/aws-iam';
import type { Construct } from 'constructs';
import { sourceManifestPrefix, sourcePrefix } from '../../core/pipeline/curatedLayout';
import { acknowledgeGrantWildcards } from '../compliance/acknowledgeGrantWildcards';
import type { DataLakeStorage } from '../storage/DataLakeStorage';
import { GLUE_COMMIT_ACTIONS, grantCatalogAccess } from './grantCatalogAccess';

/**
 * Grants the commit step of one source what it does, and no more: read the source's manifests
 * (`_manifests/<source>/*`, decrypting with the curated key; the read grant lists the bucket),
 * delete the runs retention lets go (`<source>/*` and the manifests), and commit to the source's
 * Glue database. It puts nothing, so it gets no key's encrypt actions. The snapshot commit's
 * deletion of its table's export is granted beside this (`grantDeleteRaw`).
 *
 * @example
 * ```ts
 * grantCommitAccess(this, storage, commit, 'service', database);
 * ```
 */
export function grantCommitAccess(
  scope: Construct,
  storage: DataLakeStorage,
  grantee: iam.IGrantable,
  source: string,
  database: glue.IDatabase,
): iam.Grant {
  const tables = sourcePrefix(source);
  const manifests = sourceManifestPrefix(source);
  return storage
    .grantReadCurated(grantee, `${manifests}*`)
    .combine(deleteOnly(storage, grantee, `${tables}*`))
    .combine(deleteOnly(storage, grantee, `${manifests}*`))
    .combine(grantCatalogAccess(scope, grantee, database, GLUE_COMMIT_ACTIONS));
}

/** Deleting curated objects needs no key: aws-cdk-lib's delete grant (`s3:DeleteObject*`) on the pattern only. */
function deleteOnly(storage: DataLakeStorage, grantee: iam.IGrantable, pattern: string): iam.Grant {
  const grant = storage.curatedBucket.grantDelete(grantee, pattern);
  acknowledgeGrantWildcards(
    grantee,
    grant,
    `Deleting the runs retention lets go, under ${pattern} of the curated bucket only: run folders are named at run time.`,
  );
  return grant;
}
