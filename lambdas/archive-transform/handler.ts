import { Logger } from '@aws-lambda-powertools/logger';
import type { FirehoseTransformationEvent, FirehoseTransformationResult } from 'aws-lambda';
import { archiveTransform } from '../../lib/core/events/archiveTransform';
import { payloadFieldsEnv } from './payloadFieldsEnv';

const logger = new Logger({ serviceName: 'datalake-archive-transform' });
const stream = { payloadFields: payloadFieldsEnv('ARCHIVE_PAYLOAD_FIELDS') };

/**
 * Firehose record transformation of an event archive: each envelope becomes its flat archive
 * row (see `archiveTransform`); records that are not valid envelopes are answered
 * `ProcessingFailed`, so Firehose writes them under the error prefix, and their reasons are logged.
 */
export const handler = async (event: FirehoseTransformationEvent): Promise<FirehoseTransformationResult> => {
  const { records, failures } = archiveTransform(event.records, stream);
  for (const failure of failures)
    logger.warn('Event not archived; Firehose writes it under the error prefix', { ...failure });
  return { records };
};
