import { listAll, type ObjectStore } from '../adapters/objectStore';
import { mapConcurrently } from '../core/extract';
import { manifestKey, type PartResult, partFileName, type WrittenFile } from '../core/pipeline';
import type { StagedCuratedPart, StagedFile } from './stageCuratedPart';
import type { CuratedPartInput } from './writeCuratedPart';

/** Uploads in flight at once. */
const UPLOAD_CONCURRENCY = 8;

/**
 * The remote half of {@link writeCuratedPart}: upload each staged file to its key under the run
 * prefix, remove files an earlier attempt of the same part left beside them, and write the
 * part's {@link PartResult} manifest at `manifestKey` LAST. The commit step trusts only
 * manifests, so an attempt killed mid-way leaves no manifest, and a re-run overwrites the same keys.
 *
 * @example
 * ```ts
 * const result = await publishCuratedPart(input, await stageCuratedPart(input, deps), objectStore);
 * ```
 */
export async function publishCuratedPart(
  input: Pick<CuratedPartInput, 'plan' | 'partIndex' | 'curatedBucket'>,
  staged: StagedCuratedPart,
  objectStore: ObjectStore,
): Promise<PartResult> {
  const { plan, partIndex } = input;
  const files = staged.files.map(({ file }) => file);
  await uploadAll(objectStore, input.curatedBucket, staged.files);
  await removeStaleFiles(objectStore, input.curatedBucket, partIndex, files);

  const result: PartResult = {
    source: plan.source,
    table: plan.table,
    runId: plan.runId,
    partIndex,
    rows: staged.rows,
    files,
    schema: [...staged.schema],
    ...(Object.keys(staged.invalidValuesNulled).length > 0
      ? { invalidValuesNulled: staged.invalidValuesNulled }
      : {}),
  };
  await objectStore.putJson(
    input.curatedBucket,
    manifestKey(plan.source, plan.table, plan.runId, partIndex),
    result,
  );
  return result;
}

async function uploadAll(store: ObjectStore, bucket: string, staged: readonly StagedFile[]): Promise<void> {
  await mapConcurrently(staged, UPLOAD_CONCURRENCY, ({ path, file }) =>
    store.uploadFile(bucket, file.key, path),
  );
}

/**
 * Deletes this part's files that an earlier attempt wrote in the same partitions but this one
 * did not (it wrote more files per partition), so the run prefix holds exactly one attempt's
 * output. The partitions themselves depend only on the part's data, so they are the same.
 */
async function removeStaleFiles(
  store: ObjectStore,
  bucket: string,
  partIndex: number,
  files: readonly WrittenFile[],
): Promise<void> {
  const firstName = partFileName(partIndex, 0);
  const partStem = firstName.slice(0, firstName.lastIndexOf('-') + 1);
  const written = new Set(files.map((file) => file.key));
  const prefixes = new Set(files.map((file) => file.key.slice(0, file.key.lastIndexOf('/') + 1) + partStem));
  for (const prefix of prefixes) {
    const stale = (await listAll(store, bucket, prefix))
      .map(({ key }) => key)
      .filter((key) => !written.has(key));
    if (stale.length > 0) await store.delete(bucket, stale);
  }
}
