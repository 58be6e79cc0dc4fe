import * as z from 'zod';
import { textSetting } from '../settingSchemas';

/**
 * The advance watermark function's settings, keyed by environment variable. The replica pipeline's
 * construct sets them typed as {@link AdvanceWatermarkEnvironment}.
 */
export const advanceWatermarkSettingsSchema = z.object({
  /** The curated bucket, whose `_watermarks/` hold the incremental tables' window claims. */
  CURATED_BUCKET: textSetting('allowed: the name of the curated bucket'),
});

/** The advance watermark function's environment, as the construct writes it. */
export type AdvanceWatermarkEnvironment = z.input<typeof advanceWatermarkSettingsSchema>;
