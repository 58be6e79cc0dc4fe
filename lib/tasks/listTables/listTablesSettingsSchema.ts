import * as z from 'zod';
import { replicaConnectionSettings } from '../replicaConnectionSettings';
import { textSetting } from '../settingSchemas';

/**
 * The list-tables function's settings, keyed by environment variable: how to reach the source's
 * read replica, whose catalog lists the tables (the snapshot holds the same tables; the primary is
 * never queried). The snapshot pipeline's construct sets them typed as {@link ListTablesEnvironment}.
 */
export const listTablesSettingsSchema = z.object({
  ...replicaConnectionSettings,
  /** The replica's host (Aurora: the analytics endpoint). */
  REPLICA_HOST: textSetting("allowed: the host name of the source's read replica"),
});

/** The list-tables function's environment, as the construct writes it. */
export type ListTablesEnvironment = z.input<typeof listTablesSettingsSchema>;

/** The list-tables function's parsed settings. */
export type ListTablesSettings = z.output<typeof listTablesSettingsSchema>;
