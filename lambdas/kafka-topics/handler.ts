import type { CdkCustomResourceEvent } from 'aws-lambda';
import { requiredEnv } from '../../lib/adapters/env';
import { kafkaClient } from '../../lib/adapters/kafka';
import { onTopicEvent } from './onTopicEvent';
import type { OpenTopicAdmin } from './TopicAdmin';

const region = requiredEnv('AWS_REGION');

/** A kafkajs admin on the cluster, authenticated with this function's role (MSK IAM). */
const openAdmin: OpenTopicAdmin = async (brokers) => {
  const admin = kafkaClient({ brokers, clientId: 'datalake-kafka-topics', auth: 'iam', region }).admin();
  await admin.connect();
  return admin;
};

/**
 * The Provider framework `onEvent` handler of the Kafka topic custom resource: creates the topic,
 * raises its partitions, and keeps it on Delete (see {@link onTopicEvent}).
 */
export const handler = async (event: CdkCustomResourceEvent) => onTopicEvent(event, openAdmin);
