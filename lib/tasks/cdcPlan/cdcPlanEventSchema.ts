import * as z from 'zod';
import { RUN_ID_PATTERN } from '../../core/pipeline';

/**
 * The cdc apply state machine's plan of one table: `config` is the lake config subset `{ name,
 * pools, sources: [source] }` the stack embeds (Lambda caps variables at 4 KB), `table` one of the
 * source's tables in mode `cdc`, `runId` the apply run's id. Where the replica is and which Glue
 * database holds the table are the function's settings, not the event's.
 */
export const cdcPlanEventSchema = z.strictObject({
  config: z.unknown(),
  source: z.string().min(1),
  table: z.string().min(1),
  runId: z.string().regex(RUN_ID_PATTERN),
});

/** A parsed cdc plan event. */
export type CdcPlanEvent = z.infer<typeof cdcPlanEventSchema>;
