import * as z from 'zod';
import type { WindowClaim } from '../../core/orchestration';
import { RUN_ID_PATTERN } from '../../core/pipeline';

/** The claim the replica state machine sends just before an incremental table's commit (`ReplicaTableItem.watermark`). */
export const advanceWatermarkEventSchema = z.strictObject({
  source: z.string().min(1),
  table: z.string().min(1),
  value: z.string().min(1),
  runId: z.string().regex(RUN_ID_PATTERN),
  etag: z.string().min(1).optional(),
}) satisfies z.ZodType<WindowClaim>;
