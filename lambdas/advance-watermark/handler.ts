import { S3Client } from '@aws-sdk/client-s3';
import { S3WatermarkStore } from '../../lib/adapters/watermark';
import { advanceWatermarkSettingsSchema } from '../../lib/tasks/advanceWatermark/advanceWatermarkSettingsSchema';
import { advanceWatermarkTask } from '../../lib/tasks/advanceWatermark/advanceWatermarkTask';
import { bindTask } from '../../lib/tasks/Task';
import { parseTaskSettings } from '../../lib/tasks/taskSettings';

/** The replica pipeline's watermark advance (`advanceWatermarkTask`) on the curated bucket's `_watermarks/`. */
export const handler = bindTask(advanceWatermarkTask, {
  watermarks: new S3WatermarkStore({
    client: new S3Client({}),
    bucket: parseTaskSettings(advanceWatermarkSettingsSchema).CURATED_BUCKET,
  }),
});
