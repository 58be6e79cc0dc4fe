import * as z from 'zod';
import { RUN_ID_PATTERN } from '../../core/pipeline/runId';

/**
 * The plan state's input, once the export has completed. `config` is the lake config subset
 * `{ name, pools, sources: [source] }` the construct embeds in the state: Lambda caps a
 * function's environment at 4 KB, which a real config outgrows. The task parses it with the
 * config's own schema (`parseConfig`). `snapshotTime` is the export task's `SnapshotTime`
 * (DescribeExportTasks), an ISO 8601 time, kept in UTC with milliseconds.
 */
export const planEventSchema = z.strictObject({
  config: z.unknown(),
  source: z.string().min(1),
  runId: z.string().regex(RUN_ID_PATTERN),
  exportId: z.string().min(1),
  // Optional: an execution started before the state machine passed it calls the plan without it.
  snapshotTime: z.iso
    .datetime({ offset: true })
    .transform((time) => new Date(time).toISOString())
    .optional(),
});

/** A parsed plan event (its `config` still unparsed). */
export type PlanEvent = z.infer<typeof planEventSchema>;
