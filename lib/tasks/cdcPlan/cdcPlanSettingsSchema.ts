import * as z from 'zod';
import { replicaConnectionSettings } from '../replicaConnectionSettings';
import { commaListSetting, textSetting } from '../settingSchemas';

/**
 * The cdc plan function's settings, keyed by environment variable. `CdcApplyPipeline` sets them
 * typed as {@link CdcPlanEnvironment}.
 */
export const cdcPlanSettingsSchema = z.object({
  ...replicaConnectionSettings,
  /** The source's read replicas (Aurora: the analytics endpoint); the table's columns and key are read on the first. */
  REPLICA_HOSTS: commaListSetting('hosts'),
  /** The source's Glue database: the columns the table's last version had, and the run readers see. */
  GLUE_DATABASE: textSetting("allowed: the name of the source's Glue database"),
});

/** The cdc plan function's environment, as the construct writes it. */
export type CdcPlanEnvironment = z.input<typeof cdcPlanSettingsSchema>;

/** The cdc plan function's parsed settings. */
export type CdcPlanSettings = z.output<typeof cdcPlanSettingsSchema>;
