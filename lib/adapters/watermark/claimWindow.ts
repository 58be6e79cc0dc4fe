import { WatermarkConflictError } from '../../core/errors';
import type { WindowClaim } from '../../core/orchestration';
import type { StoredWatermark, WatermarkStore } from './WatermarkStore';

/**
 * Claims an incremental table's next commit for a run, just before the commit: writes the claim
 * (the run and its window's end) only if the stored claim is still the version the run was
 * planned from (S3's If-Match / If-None-Match, "How to prevent object overwrites with conditional
 * writes", https://docs.aws.amazon.com/AmazonS3/latest/userguide/conditional-writes.html), so of
 * two runs planned from one version only the first goes on to commit; the other fails with
 * WatermarkConflictError before any catalog write. A claim this run already
 * holds (a retry whose first attempt was written) is kept as it is.
 *
 * The claim is no watermark: the commit records the window's end in the catalog with the run
 * (`committedWatermark`), and a claim whose run never committed is simply taken over by the next
 * run, which was planned from the claim's version.
 *
 * @returns the stored claim
 * @throws WatermarkConflictError when another run claimed the table since this run was planned
 * @example
 * ```ts
 * await claimWindow(watermarks, { source: 'service', table: 'orders', value: '4711', runId, etag: '"v1"' });
 * ```
 */
export async function claimWindow(store: WatermarkStore, claim: WindowClaim): Promise<StoredWatermark> {
  try {
    return await store.advance(claim.source, claim.table, claim.value, claim.runId, claim.etag);
  } catch (error) {
    if (!(error instanceof WatermarkConflictError)) throw error;
    const stored = await store.get(claim.source, claim.table);
    if (stored?.runId === claim.runId && stored.value === claim.value) return stored;
    throw error;
  }
}
