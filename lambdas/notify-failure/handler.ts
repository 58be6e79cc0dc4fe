import { SFNClient } from '@aws-sdk/client-sfn';
import { SNSClient } from '@aws-sdk/client-sns';
import { publishAlert } from '../../lib/adapters/alerts';
import { readFailedExecution } from '../../lib/adapters/executionHistory';
import { notifyFailureSettingsSchema } from '../../lib/tasks/notifyFailure/notifyFailureSettingsSchema';
import { notifyFailureTask } from '../../lib/tasks/notifyFailure/notifyFailureTask';
import { bindTask } from '../../lib/tasks/Task';
import { parseTaskSettings } from '../../lib/tasks/taskSettings';

const settings = parseTaskSettings(notifyFailureSettingsSchema);
const sfn = new SFNClient({});
const sns = new SNSClient({});

/** The failure rule's target (`notifyFailureTask`) on Step Functions and SNS. */
export const handler = bindTask(notifyFailureTask, {
  readFailedExecution: (executionArn) => readFailedExecution(sfn, executionArn),
  publishAlert: (alert) => publishAlert(sns, settings.ALERT_TOPIC_ARN, alert),
  settings,
});
