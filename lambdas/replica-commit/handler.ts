import { S3Client } from '@aws-sdk/client-s3';
import { requiredEnv } from '../../lib/adapters/env';
import { S3WatermarkStore, type StoredWatermark } from '../../lib/adapters/watermark';
import { advanceWatermarkEventSchema } from './advanceWatermarkEventSchema';

// The curated bucket holds `_watermarks/`; the client is built once per container.
const watermarks = new S3WatermarkStore({ client: new S3Client({}), bucket: requiredEnv('CURATED_BUCKET') });

/**
 * Advances an incremental table's watermark after the commit step (the shared commit Lambda)
 * succeeded: a conditional write on the ETag the run was planned with, so a conflicting run fails
 * with WatermarkConflictError instead of moving it twice.
 */
export const handler = async (event: unknown): Promise<StoredWatermark> => {
  const { source, table, value, runId, etag } = advanceWatermarkEventSchema.parse(event);
  return watermarks.advance(source, table, value, runId, etag);
};
