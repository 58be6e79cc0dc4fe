import * as z from 'zod';
import { replicaConnectionSettings } from '../replicaConnectionSettings';
import { metricsNamespaceSetting, textSetting } from '../settingSchemas';

/**
 * The extract function's settings, keyed by environment variable. The replica pipeline's construct
 * sets them typed as {@link ExtractEnvironment}.
 */
export const extractSettingsSchema = z.object({
  ...replicaConnectionSettings,
  /** The secret holding the salt of the `hash` mask (its ARN or name). */
  MASKING_SALT_SECRET_ARN: textSetting('allowed: the ARN or name of the masking salt secret'),
  /** The curated bucket the chunk's Parquet and manifest are written to. */
  CURATED_BUCKET: textSetting('allowed: the name of the curated bucket'),
  ...metricsNamespaceSetting,
});

/** The extract function's environment, as the construct writes it. */
export type ExtractEnvironment = z.input<typeof extractSettingsSchema>;

/** The extract function's parsed settings. */
export type ExtractSettings = z.output<typeof extractSettingsSchema>;
