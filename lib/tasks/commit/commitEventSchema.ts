import * as z from 'zod';
import { tablePlanSchema } from '../tablePlanSchema';

/**
 * The commit state's input, from both pipelines: the table's plan and how many part (or chunk)
 * manifests its run must have; on the snapshot path also the table's folder in the run's export
 * (`parts.prefix` of the plan), which the commit deletes once the table is committed. Where to
 * commit is a setting of the function, not the event's.
 */
export const commitEventSchema = z.object({
  plan: tablePlanSchema,
  expectedParts: z.int().min(0),
  /** `<prefix>/<export id>/<database>/<schema>.<table>/` in the function's raw bucket. @default - nothing to delete */
  tableExport: z.string().min(1).optional(),
});

/** A parsed commit event. */
export type CommitEvent = z.infer<typeof commitEventSchema>;
