import { claimWindow, type StoredWatermark, type WatermarkStore } from '../../adapters/watermark';
import type { Task } from '../Task';
import { advanceWatermarkEventSchema } from './advanceWatermarkEventSchema';

/** What the advance watermark task works with. */
export interface AdvanceWatermarkDeps {
  /** The incremental tables' window claims (in AWS, under the function's curated bucket). */
  readonly watermarks: WatermarkStore;
}

/**
 * Claims an incremental table's next commit for the run, just before the commit (the replica
 * state machine runs it only then): advances the table's stored claim with a conditional write
 * on the version the run was planned from (`claimWindow`), so a run planned at the same time as
 * one that claimed first fails with WatermarkConflictError instead of committing the same window.
 * A retry of a claim that was written passes. The watermark itself is recorded by the commit.
 *
 * @example
 * ```ts
 * await advanceWatermarkTask({ source: 'service', table: 'orders', value: '30', runId, etag: '"v1"' }, { watermarks });
 * ```
 */
export const advanceWatermarkTask: Task<AdvanceWatermarkDeps, StoredWatermark> = async (event, deps) =>
  claimWindow(deps.watermarks, advanceWatermarkEventSchema.parse(event));
