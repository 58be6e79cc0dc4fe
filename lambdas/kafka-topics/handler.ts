import { kafkaClient } from '../../lib/adapters/kafka';
import { kafkaTopicsSettingsSchema } from '../../lib/tasks/kafkaTopics/kafkaTopicsSettingsSchema';
import { kafkaTopicsTask } from '../../lib/tasks/kafkaTopics/kafkaTopicsTask';
import { bindTask } from '../../lib/tasks/Task';
import { parseTaskSettings } from '../../lib/tasks/taskSettings';

const { AWS_REGION: region } = parseTaskSettings(kafkaTopicsSettingsSchema);

/**
 * The Provider framework `onEvent` handler of the Kafka topic custom resource (`kafkaTopicsTask`),
 * on a kafkajs admin authenticated with this function's role (MSK IAM).
 */
export const handler = bindTask(kafkaTopicsTask, {
  openAdmin: async (brokers) => {
    const admin = kafkaClient({ brokers, clientId: 'datalake-kafka-topics', auth: 'iam', region }).admin();
    await admin.connect();
    return admin;
  },
});
