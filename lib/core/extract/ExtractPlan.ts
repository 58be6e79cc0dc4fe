import type { TablePlan } from '../pipeline';
import type { ExtractChunk, WatermarkWindow } from './ExtractChunk';

/**
 * What the plan step decides for one table read from the replica in one run: the curated plan,
 * the chunks to fan out over (in key order) and the watermark window of an incremental run.
 * Plain JSON: it travels through Step Functions.
 */
export interface ExtractPlan {
  readonly plan: TablePlan;
  readonly chunks: readonly ExtractChunk[];
  /**
   * The incremental window every chunk carries.
   *
   * @default - a full load (`replica-query`), or an incremental table with nothing to read yet
   */
  readonly watermark?: WatermarkWindow;
  /** Why the table was read in fewer chunks than its size asks for (no usable primary key). */
  readonly warnings: readonly string[];
}
