import { Logger } from '@aws-lambda-powertools/logger';
import type { KinesisStreamBatchResponse, KinesisStreamEvent } from 'aws-lambda';
import {
  KafkajsEventProducer,
  kafkaClient,
  relayKinesisBatch,
  relaySettingsFromEnv,
} from '../../lib/adapters/kafka';

/**
 * The Kinesis → Kafka relay (see `relayKinesisBatch` for the failure semantics). Its event source
 * mapping must set `ReportBatchItemFailures`, `BisectBatchOnFunctionError`, bounded
 * `MaximumRetryAttempts` and an SQS on-failure destination: poison records are reported as batch
 * item failures and reach that destination after the retries; a Kafka outage fails the whole
 * invocation and is retried. Env: KAFKA_BOOTSTRAP_SERVERS, KAFKA_TOPIC, KAFKA_AUTH (iam | none),
 * AWS_REGION, POWERTOOLS_SERVICE_NAME.
 */
const settings = relaySettingsFromEnv();
const logger = new Logger();

/** The container's producer: connected on the first batch, reused by every later one. */
export const producer = new KafkajsEventProducer(
  kafkaClient({ ...settings, clientId: process.env.AWS_LAMBDA_FUNCTION_NAME ?? 'datalake-relay' }),
);

/** Relays a Kinesis batch to `KAFKA_TOPIC`; answers with the poison records' sequence numbers. */
export const handler = async (event: KinesisStreamEvent): Promise<KinesisStreamBatchResponse> =>
  relayKinesisBatch(event, { producer, topic: settings.topic, logger });
