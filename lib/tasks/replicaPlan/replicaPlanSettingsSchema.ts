import * as z from 'zod';
import { replicaConnectionSettings } from '../replicaConnectionSettings';
import { commaListSetting, textSetting } from '../settingSchemas';

/**
 * The replica plan function's settings, keyed by environment variable. The replica pipeline's
 * construct sets them typed as {@link ReplicaPlanEnvironment}.
 */
export const replicaPlanSettingsSchema = z.object({
  ...replicaConnectionSettings,
  /** Every read replica's host (Aurora: the analytics endpoint): each is checked for lag, the chunks are spread over all. */
  REPLICA_HOSTS: commaListSetting('hosts'),
  /** Config `replica.unmeasuredLag`: what a run does with a lag it cannot measure. */
  REPLICA_UNMEASURED_LAG: z.enum(['fail', 'warn'], {
    error: 'allowed: fail or warn (config replica.unmeasuredLag)',
  }),
  /** Aurora only: the analytics readers' DB instance identifiers, whose lag Aurora's replica status holds. */
  REPLICA_AURORA_INSTANCES: commaListSetting('DB instance identifiers').optional(),
  /** The source's Glue database: the columns a table's last run had (new columns' policy), an incremental table's committed watermark. */
  GLUE_DATABASE: textSetting("allowed: the name of the source's Glue database"),
  /** The curated bucket, whose `_watermarks/` hold the incremental tables' window claims. */
  CURATED_BUCKET: textSetting('allowed: the name of the curated bucket'),
  /** Where the plan stores the run's table and chunk lists (the raw bucket). */
  REPLICA_RUNS_BUCKET: textSetting('allowed: the name of the bucket the run lists are stored in'),
});

/** The replica plan function's environment, as the construct writes it. */
export type ReplicaPlanEnvironment = z.input<typeof replicaPlanSettingsSchema>;

/** The replica plan function's parsed settings. */
export type ReplicaPlanSettings = z.output<typeof replicaPlanSettingsSchema>;
