import * as z from 'zod';
import { RUN_ID_PATTERN } from '../../core/pipeline';

/**
 * The replica state machine's two calls of the plan Lambda: `lag` checks the replicas before
 * anything is read; `plan` plans the run. `config` is the lake config subset `{ name, pools,
 * sources: [source] }` the stack embeds (Lambda caps variables at 4 KB); `runStart` is
 * `$$.Execution.StartTime`, where a time watermark's window ends (minus the safety lag). Where the
 * replicas are and where the run's lists go are the function's settings, not the event's.
 */
export const replicaPlanEventSchema = z.discriminatedUnion('step', [
  z.strictObject({
    step: z.literal('lag'),
    source: z.string().min(1),
    maxLagSeconds: z.int().min(0),
  }),
  z.strictObject({
    step: z.literal('plan'),
    config: z.unknown(),
    source: z.string().min(1),
    runId: z.string().regex(RUN_ID_PATTERN),
    runStart: z.iso.datetime({ offset: true }),
  }),
]);

/** A parsed replica plan event. */
export type ReplicaPlanEvent = z.infer<typeof replicaPlanEventSchema>;
