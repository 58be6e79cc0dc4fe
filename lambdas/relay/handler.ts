import { Logger } from '@aws-lambda-powertools/logger';
import { KafkajsEventProducer, kafkaClient } from '../../lib/adapters/kafka';
import { PowertoolsMetricsPublisher } from '../../lib/adapters/metrics';
import { relaySettingsSchema } from '../../lib/tasks/relay/relaySettingsSchema';
import { relayTask } from '../../lib/tasks/relay/relayTask';
import { bindTask } from '../../lib/tasks/Task';
import { parseTaskSettings } from '../../lib/tasks/taskSettings';

const settings = parseTaskSettings(relaySettingsSchema);

/** The container's producer (MSK IAM or none, per `KAFKA_AUTH`): connected on the first batch, reused by every later one. */
export const producer = new KafkajsEventProducer(
  kafkaClient({
    brokers: settings.KAFKA_BOOTSTRAP_SERVERS,
    clientId: settings.AWS_LAMBDA_FUNCTION_NAME,
    auth: settings.KAFKA_AUTH,
    region: settings.AWS_REGION,
  }),
);

/**
 * The Kinesis → Kafka relay (`relayTask`) on the container's producer, Powertools Logger (every
 * line names the stream) and Powertools Metrics (EMF).
 */
export const handler = bindTask(relayTask, {
  producer,
  settings,
  logger: new Logger({
    serviceName: settings.POWERTOOLS_SERVICE_NAME,
    persistentKeys: { stream: settings.STREAM_NAME },
  }),
  metrics: new PowertoolsMetricsPublisher(settings.POWERTOOLS_METRICS_NAMESPACE),
});
