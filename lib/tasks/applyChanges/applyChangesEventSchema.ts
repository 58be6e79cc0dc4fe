import * as z from 'zod';
import { RUN_ID_PATTERN } from '../../core/pipeline';
import { tablePlanSchema } from '../tablePlanSchema';

/**
 * The apply state's input, per cdc table: the next version's plan (from the cdc plan state) and
 * the run readers see now, which the changes apply on. Where the changes and the curated runs are
 * is the function's settings, not the event's.
 */
export const applyChangesEventSchema = z.strictObject({
  plan: tablePlanSchema.refine((plan) => plan.mode === 'cdc' && (plan.primaryKey?.length ?? 0) > 0, {
    message: 'allowed: the plan of a table in mode cdc, with its primary key',
  }),
  /** @default - nothing committed yet: the table starts empty */
  baseRunId: z.string().regex(RUN_ID_PATTERN).optional(),
});

/** A parsed apply event. */
export type ApplyChangesEvent = z.infer<typeof applyChangesEventSchema>;
