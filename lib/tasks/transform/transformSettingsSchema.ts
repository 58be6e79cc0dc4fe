import * as z from 'zod';
import { metricsNamespaceSetting } from '../settingSchemas';

/**
 * The transform function's settings, keyed by environment variable. `SnapshotPipeline` sets
 * them typed as `z.input<typeof transformSettingsSchema>`.
 */
export const transformSettingsSchema = z.object({
  /** The secret whose value salts `mask: hash`. */
  MASKING_SALT_SECRET_ARN: z.string().min(1),
  /** The curated bucket the part's Parquet and manifest go to. */
  CURATED_BUCKET: z.string().min(1),
  ...metricsNamespaceSetting,
});

/** The transform function's environment, as the construct writes it. */
export type TransformEnvironment = z.input<typeof transformSettingsSchema>;
