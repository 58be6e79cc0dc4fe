import * as z from 'zod';
import { metricsNamespaceSetting } from '../settingSchemas';

/**
 * The commit function's settings, keyed by environment variable. The pipelines' constructs set
 * them typed as `z.input<typeof commitSettingsSchema>`.
 */
export const commitSettingsSchema = z.object({
  /** The Glue database of the source's curated tables. */
  GLUE_DATABASE: z.string().min(1),
  /** The curated bucket the runs' Parquet and manifests are in. */
  CURATED_BUCKET: z.string().min(1),
  /** Runs of each table whose data stays in S3 after a commit. */
  CURATED_RUNS_TO_KEEP: z
    .string()
    .regex(/^[1-9]\d*$/, 'allowed: a positive integer')
    .transform(Number),
  /**
   * The raw bucket the source's snapshot exports land in: a committed table's export is deleted
   * from it. Unset for the replica path's commit, whose chunks land in no raw object.
   */
  RAW_BUCKET: z.string().min(1).optional(),
  /** The source's exports' prefix in the raw bucket (`exports/<source>/`): the commit deletes nothing outside it. */
  EXPORT_PREFIX: z.string().min(1).optional(),
  ...metricsNamespaceSetting,
});

/** The commit function's environment, as the construct writes it. */
export type CommitEnvironment = z.input<typeof commitSettingsSchema>;
