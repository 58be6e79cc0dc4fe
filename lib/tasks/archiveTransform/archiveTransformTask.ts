import type { FirehoseTransformationResult } from 'aws-lambda';
import { archiveTransform } from '../../core/events/archiveTransform';
import type { Task } from '../Task';
import { archiveTransformEventSchema } from './archiveTransformEventSchema';
import type { ArchiveTransformSettings } from './archiveTransformSettingsSchema';

/** Where the archive transform logs: one `warn` per refused record, with its `recordId` and `reason`. */
export interface ArchiveTransformLogger {
  warn(message: string, extra: Record<string, unknown>): void;
}

/** What the archive transform task works with. */
export interface ArchiveTransformDeps {
  readonly settings: ArchiveTransformSettings;
  readonly logger: ArchiveTransformLogger;
}

/**
 * Firehose record transformation of an event archive: each envelope becomes its flat archive
 * row (see `archiveTransform`), with the stream's payload fields as columns; records that are
 * not valid envelopes are answered `ProcessingFailed` with their original data, so Firehose
 * writes them under the error prefix, and their reasons are logged (Firehose keeps none).
 *
 * @throws ZodError when the event is not a Firehose transformation event (naming the field)
 * @example
 * ```ts
 * const { records } = await archiveTransformTask(event, { settings: { ARCHIVE_PAYLOAD_FIELDS: {} }, logger });
 * ```
 */
export const archiveTransformTask: Task<ArchiveTransformDeps, FirehoseTransformationResult> = async (
  event,
  deps,
) => {
  const { records: input } = archiveTransformEventSchema.parse(event);
  const stream = { payloadFields: deps.settings.ARCHIVE_PAYLOAD_FIELDS };
  const { records, failures } = archiveTransform(input, stream);
  for (const failure of failures)
    deps.logger.warn('Event not archived; Firehose writes it under the error prefix', { ...failure });
  return { records };
};
