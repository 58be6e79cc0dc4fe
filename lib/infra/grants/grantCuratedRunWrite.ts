import type * as iam from 'aws-cdk-lib/aws-iam';
import { sourceManifestPrefix, sourcePrefix } from '../../core/pipeline/curatedLayout';
import type { DataLakeStorage } from '../storage/DataLakeStorage';
import { grantListPrefix } from './grantListPrefix';

/**
 * Grants what a step that curates one source's rows needs in the curated bucket (the transform,
 * the replica extract): writing (put, and delete of an earlier attempt's files) the source's
 * tables `<source>/*` and manifests `_manifests/<source>/*` with the curated key, and listing
 * `<source>/` to find those earlier files. Nothing of another source, no watermark.
 *
 * @example
 * ```ts
 * grantCuratedRunWrite(storage, transform, 'service');
 * ```
 */
export function grantCuratedRunWrite(
  storage: DataLakeStorage,
  grantee: iam.IGrantable,
  source: string,
): iam.Grant {
  return storage
    .grantWriteCurated(grantee, `${sourcePrefix(source)}*`)
    .combine(storage.grantWriteCurated(grantee, `${sourceManifestPrefix(source)}*`))
    .combine(grantListPrefix(storage.curatedBucket, grantee, sourcePrefix(source)));
}
