import * as z from 'zod';
import { metricsNamespaceSetting, textSetting } from '../settingSchemas';

const BROKER = /^[A-Za-z0-9.-]+:\d{1,5}$/;
const BROKERS_ALLOWED =
  'allowed: a comma-separated list of host:port, e.g. b-1.example:9098,b-2.example:9098';
const TOPIC_ALLOWED = 'allowed: a Kafka topic name';
const REGION_ALLOWED = 'allowed: an AWS Region, set by Lambda';

/**
 * The relay function's settings, keyed by environment variable. `EventRelay` writes them typed
 * as {@link RelayEnvironment}; Lambda sets `AWS_REGION` and `AWS_LAMBDA_FUNCTION_NAME` itself.
 */
export const relaySettingsSchema = z.object({
  /** The cluster's bootstrap servers, `host:port` separated by commas (MSK Serverless IAM: port 9098). */
  KAFKA_BOOTSTRAP_SERVERS: z
    .string({ error: BROKERS_ALLOWED })
    .transform((servers) => servers.split(',').map((broker) => broker.trim()))
    .pipe(z.array(z.string().regex(BROKER, BROKERS_ALLOWED))),
  /** The Kafka topic every record of the stream goes to. */
  KAFKA_TOPIC: z.string({ error: TOPIC_ALLOWED }).min(1, TOPIC_ALLOWED),
  /** `iam` on AWS (MSK Serverless requires it), `none` for the local mock broker. */
  KAFKA_AUTH: z.enum(['iam', 'none'], { error: 'allowed: iam (MSK) or none (local mock broker)' }),
  /** Where the MSK IAM tokens are signed: Lambda's own variable. */
  AWS_REGION: z.string({ error: REGION_ALLOWED }).min(1, REGION_ALLOWED),
  /** The config's name of the stream relayed: its metrics' `Stream` dimension and a key of every log line. */
  STREAM_NAME: textSetting("allowed: the config's stream name"),
  ...metricsNamespaceSetting,
  /** The service name of the relay's logs and metrics (Powertools' own variable). */
  POWERTOOLS_SERVICE_NAME: z.string().min(1).default('datalake-relay'),
  /** Names the producer in broker logs and quotas: Lambda's own variable. */
  AWS_LAMBDA_FUNCTION_NAME: z.string().min(1).default('datalake-relay'),
});

/** The relay's settings, parsed. */
export type RelaySettings = z.output<typeof relaySettingsSchema>;

/**
 * The relay function's environment, as the construct writes it: every setting but those Lambda
 * sets itself, which a function may not set (Lambda Developer Guide: "Defined runtime environment
 * variables" are reserved).
 */
export type RelayEnvironment = Omit<
  z.input<typeof relaySettingsSchema>,
  'AWS_REGION' | 'AWS_LAMBDA_FUNCTION_NAME'
>;
