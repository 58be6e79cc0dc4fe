import * as z from 'zod';
import { textSetting } from '../settingSchemas';

/**
 * The notify-failure function's settings, keyed by environment variable. `FailureNotification`
 * sets them typed as `z.input<typeof notifyFailureSettingsSchema>`.
 */
export const notifyFailureSettingsSchema = z.object({
  /** The lake's name: the message names it, and the source's state machines are named from it. */
  LAKE_NAME: textSetting('allowed: the lake name of the config'),
  /** The source whose state machines' failures the function reports. */
  SOURCE_NAME: textSetting('allowed: a source name of the config'),
  /** The lake's alert topic. */
  ALERT_TOPIC_ARN: textSetting('allowed: the ARN of the SNS topic alerts go to'),
});

/** The notify-failure function's environment, as the construct writes it. */
export type NotifyFailureEnvironment = z.input<typeof notifyFailureSettingsSchema>;

/** The notify-failure function's parsed settings. */
export type NotifyFailureSettings = z.output<typeof notifyFailureSettingsSchema>;
