import * as z from 'zod';
import { athenaTypeSchema } from '../../config/athenaType';
import { fieldNameSchema } from '../../config/identifiers';

const PAYLOAD_FIELDS_ALLOWED = 'allowed: a JSON object of field → Athena type';

/**
 * The archive transform function's settings, keyed by environment variable. `EventArchive`
 * writes them typed as {@link ArchiveTransformEnvironment}.
 */
export const archiveTransformSettingsSchema = z.object({
  /** The stream's `payloadFields` (field → Athena type) as a JSON object, `{}` when it has none. */
  ARCHIVE_PAYLOAD_FIELDS: z
    .string({ error: PAYLOAD_FIELDS_ALLOWED })
    .transform((text, context) => {
      try {
        return JSON.parse(text) as unknown;
      } catch {
        context.addIssue({ code: 'custom', message: `not JSON; ${PAYLOAD_FIELDS_ALLOWED}` });
        return z.NEVER;
      }
    })
    .pipe(z.record(fieldNameSchema, athenaTypeSchema, { error: PAYLOAD_FIELDS_ALLOWED })),
});

/** The archive transform's settings, parsed. */
export type ArchiveTransformSettings = z.output<typeof archiveTransformSettingsSchema>;

/** The archive transform function's environment, as the construct writes it. */
export type ArchiveTransformEnvironment = z.input<typeof archiveTransformSettingsSchema>;
