import { Kafka, type KafkaConfig, logLevel } from 'kafkajs';
import { mskIamTokenProvider } from './mskIamTokenProvider';
import type { AwsCredentials } from './signMskIamToken';

/** How clients authenticate to the brokers. */
export type KafkaAuth = 'iam' | 'none';

/** Options of {@link kafkaClient}. */
export interface KafkaClientOptions {
  /** Bootstrap brokers, `host:port` each (MSK Serverless IAM: port 9098). */
  readonly brokers: readonly string[];
  /** Names this client in broker logs and quotas, e.g. the Lambda function name. */
  readonly clientId: string;
  /**
   * `iam`: TLS and SASL/OAUTHBEARER with MSK IAM tokens signed by the Lambda role (what MSK
   * Serverless requires); `none`: plaintext, for the local mock cluster, which has no TLS or SASL.
   */
  readonly auth: KafkaAuth;
  /** Region the IAM tokens are signed for (the Lambda's `AWS_REGION`); unused by `none`. */
  readonly region: string;
  /**
   * The credentials IAM tokens are signed with; unused by `none`.
   *
   * @default the Lambda execution role's, from the environment: outside Lambda pass the SDK's
   *   provider, e.g. an SDK client's `config.credentials`
   */
  readonly credentials?: () => Promise<AwsCredentials>;
  /**
   * Passed to kafkajs for connection and request retries.
   *
   * @default kafkajs's own (5 retries, 300 ms initial backoff)
   */
  readonly retry?: KafkaConfig['retry'];
  /**
   * Connection timeout in ms.
   *
   * @default 3000
   */
  readonly connectionTimeout?: number;
}

/**
 * A kafkajs client for MSK (IAM auth) or the local mock broker (no auth). Make one per container
 * and derive producers and admin clients from it.
 *
 * @example
 * ```ts
 * const kafka = kafkaClient({ brokers: ['b-1.x.kafka-serverless.eu-west-1.amazonaws.com:9098'],
 *   clientId: 'datalake-topics', auth: 'iam', region: 'eu-west-1' });
 * const admin = kafka.admin();
 * ```
 */
export function kafkaClient(options: KafkaClientOptions): Kafka {
  const common: KafkaConfig = {
    brokers: [...options.brokers],
    clientId: options.clientId,
    connectionTimeout: options.connectionTimeout ?? 3000,
    retry: options.retry,
    // kafkajs logs to the console by default; errors reach the caller as thrown errors.
    logLevel: logLevel.NOTHING,
  };
  if (options.auth === 'none') return new Kafka(common);
  return new Kafka({
    ...common,
    ssl: true,
    sasl: {
      mechanism: 'oauthbearer',
      oauthBearerProvider: mskIamTokenProvider({ region: options.region, credentials: options.credentials }),
    },
  });
}
