import { z } from 'zod';
import { tablePlanSchema } from '../tablePlanSchema';

/**
 * The commit state's input, from both pipelines: the table's plan and how many part (or chunk)
 * manifests its run must have. Where to commit is a setting of the function, not the event's.
 */
export const commitEventSchema = z.object({
  plan: tablePlanSchema,
  expectedParts: z.int().min(0),
});

/** A parsed commit event. */
export type CommitEvent = z.infer<typeof commitEventSchema>;
