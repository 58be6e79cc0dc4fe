import type { StoredWatermark, WatermarkStore } from './WatermarkStore';

/** The watermark a run read (its ETag) and the value its window ended at. */
export interface PendingWatermark {
  readonly source: string;
  readonly table: string;
  /** The window's end (`WatermarkWindow.through`): the next run reads after it. */
  readonly value: string;
  readonly runId: string;
  /** The stored watermark's ETag when the run was planned; `undefined` when there was none. */
  readonly etag: string | undefined;
}

/**
 * Runs the table's commit and advances its watermark only once the commit has succeeded: a
 * commit that throws leaves the watermark where it was, so the next run reads the same window
 * again (its rows land in a new run prefix; nothing is skipped). The advance is conditional on the
 * ETag the run was planned with.
 *
 * @returns the commit's result and the new watermark
 * @throws whatever the commit throws (the watermark is untouched), or WatermarkConflictError when
 * another run advanced the watermark meanwhile
 * @example
 * ```ts
 * const { result } = await commitThenAdvance(watermarks, pending, () => commitTable(input, deps));
 * ```
 */
export async function commitThenAdvance<T>(
  store: WatermarkStore,
  pending: PendingWatermark,
  commit: () => Promise<T>,
): Promise<{ result: T; watermark: StoredWatermark }> {
  const result = await commit();
  const watermark = await store.advance(
    pending.source,
    pending.table,
    pending.value,
    pending.runId,
    pending.etag,
  );
  return { result, watermark };
}
