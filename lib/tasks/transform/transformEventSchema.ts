import * as z from 'zod';
import { tablePlanSchema } from '../tablePlanSchema';

/**
 * The transform state's input for one export part (see the pool branch's item selector): the
 * table's plan and where the part is, with its index among the table's parts. Where the curated
 * files go is a setting of the function, not the event's.
 */
export const transformEventSchema = z.object({
  plan: tablePlanSchema,
  part: z.object({ bucket: z.string().min(1), key: z.string().min(1), index: z.int().min(0) }),
});

/** A parsed transform event. */
export type TransformEvent = z.infer<typeof transformEventSchema>;
