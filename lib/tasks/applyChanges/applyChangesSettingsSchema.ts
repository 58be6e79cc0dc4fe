import * as z from 'zod';
import { textSetting } from '../settingSchemas';

/**
 * The apply function's settings, keyed by environment variable. `CdcApplyPipeline` sets them
 * typed as {@link ApplyChangesEnvironment}.
 */
export const applyChangesSettingsSchema = z.object({
  /** The raw bucket DMS writes the changes to. */
  RAW_BUCKET: textSetting('allowed: the name of the raw bucket'),
  /** The source's DMS folder in it, ending in `/` (`cdc/<source>/`): a table's files are under `<schema>/<table>/`. */
  CDC_PREFIX: textSetting('allowed: the raw prefix of the source\'s changes, e.g. "cdc/service/"').regex(
    /\/$/,
    'allowed: a prefix ending in "/", e.g. "cdc/service/"',
  ),
  /** The curated bucket the base run is read from and the next version written to. */
  CURATED_BUCKET: textSetting('allowed: the name of the curated bucket'),
  /** The secret holding the salt of the `hash` mask (its ARN or name). */
  MASKING_SALT_SECRET_ARN: textSetting('allowed: the ARN or name of the masking salt secret'),
});

/** The apply function's environment, as the construct writes it. */
export type ApplyChangesEnvironment = z.input<typeof applyChangesSettingsSchema>;

/** The apply function's parsed settings. */
export type ApplyChangesSettings = z.output<typeof applyChangesSettingsSchema>;
