import type { StoredWatermark, WatermarkStore } from '../../adapters/watermark';
import type { Task } from '../Task';
import { advanceWatermarkEventSchema } from './advanceWatermarkEventSchema';

/** What the advance watermark task works with. */
export interface AdvanceWatermarkDeps {
  /** The incremental tables' watermarks (in AWS, under the function's curated bucket). */
  readonly watermarks: WatermarkStore;
}

/**
 * Advances an incremental table's watermark after its commit succeeded (the replica state
 * machine runs it only then): a conditional write on the version the run was planned from, so a
 * conflicting run fails with WatermarkConflictError instead of moving it twice.
 *
 * @example
 * ```ts
 * await advanceWatermarkTask({ source: 'service', table: 'orders', value: '30', runId, etag: '"v1"' }, { watermarks });
 * ```
 */
export const advanceWatermarkTask: Task<AdvanceWatermarkDeps, StoredWatermark> = async (event, deps) => {
  const { source, table, value, runId, etag } = advanceWatermarkEventSchema.parse(event);
  return deps.watermarks.advance(source, table, value, runId, etag);
};
