import { Logger } from '@aws-lambda-powertools/logger';
import { archiveTransformSettingsSchema } from '../../lib/tasks/archiveTransform/archiveTransformSettingsSchema';
import { archiveTransformTask } from '../../lib/tasks/archiveTransform/archiveTransformTask';
import { bindTask } from '../../lib/tasks/Task';
import { parseTaskSettings } from '../../lib/tasks/taskSettings';

/** Firehose record transformation of an event archive (`archiveTransformTask`), logging to Powertools. */
export const handler = bindTask(archiveTransformTask, {
  settings: parseTaskSettings(archiveTransformSettingsSchema),
  logger: new Logger({ serviceName: 'datalake-archive-transform' }),
});
