import { EnvironmentError } from '../../core/errors';
import { requiredEnv } from '../env';
import type { KafkaAuth } from './kafkaClient';

/** The relay Lambda's settings, as the stream construct sets them in its environment. */
export interface RelaySettings {
  /** From `KAFKA_BOOTSTRAP_SERVERS`, a comma-separated `host:port` list. */
  readonly brokers: readonly string[];
  /** From `KAFKA_TOPIC`. */
  readonly topic: string;
  /** From `KAFKA_AUTH`: `iam` on AWS, `none` for the local mock broker. */
  readonly auth: KafkaAuth;
  /** From `AWS_REGION` (set by Lambda): where the IAM tokens are signed. */
  readonly region: string;
}

const BROKER = /^[A-Za-z0-9.-]+:\d{1,5}$/;

/**
 * Reads the relay's settings from the environment.
 *
 * @throws EnvironmentError naming the variable and its value when one is missing or malformed
 * @example
 * ```ts
 * const { brokers, topic, auth, region } = relaySettingsFromEnv();
 * ```
 */
export function relaySettingsFromEnv(): RelaySettings {
  const servers = requiredEnv('KAFKA_BOOTSTRAP_SERVERS');
  const brokers = servers.split(',').map((broker) => broker.trim());
  if (!brokers.every((broker) => BROKER.test(broker))) {
    throw new EnvironmentError(
      'KAFKA_BOOTSTRAP_SERVERS',
      `is "${servers}"; allowed: a comma-separated list of host:port, e.g. b-1.example:9098,b-2.example:9098`,
    );
  }
  const auth = requiredEnv('KAFKA_AUTH');
  if (auth !== 'iam' && auth !== 'none') {
    throw new EnvironmentError('KAFKA_AUTH', `is "${auth}"; allowed: iam (MSK) or none (local mock broker)`);
  }
  return { brokers, topic: requiredEnv('KAFKA_TOPIC'), auth, region: requiredEnv('AWS_REGION') };
}
