import * as z from 'zod';

/**
 * The plan function's settings, keyed by environment variable. `SnapshotPipeline` sets them
 * typed as `z.input<typeof planSettingsSchema>`.
 */
export const planSettingsSchema = z.object({
  /** The raw bucket the source's snapshot exports land in. */
  RAW_BUCKET: z.string().min(1),
  /** The source's exports' prefix in the raw bucket, e.g. `exports/service/`. */
  EXPORT_PREFIX: z.string().min(1),
  /** The Glue database of the source's curated tables: the columns a table already has. */
  GLUE_DATABASE: z.string().min(1),
});

/** The plan function's environment, as the construct writes it. */
export type PlanEnvironment = z.input<typeof planSettingsSchema>;
