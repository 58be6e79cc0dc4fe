import { DescribeStreamSummaryCommand, KinesisClient } from '@aws-sdk/client-kinesis';
import { SQSClient } from '@aws-sdk/client-sqs';
import { type FailureQueue, FileFailureQueue, SqsFailureQueue } from '../../adapters/failureQueue';
import { type KafkaAuth, KafkajsEventProducer, kafkaClient } from '../../adapters/kafka';
import { readShardRange } from '../../adapters/kinesis';
import { loadConfig } from '../../config';
import { KAFKA_HEADERS } from '../../core/events/kafkaHeaders';
import { kinesisStreamName } from '../../core/naming';
import { CliUsageError } from '../CliUsageError';
import { commandRegion } from '../cliRegion';
import type { Output } from '../Output';
import { replayFailures } from '../replay/replayFailures';
import { withAwsSetupHints } from '../withAwsSetupHints';

/** Options of `datalake replay`. */
export interface ReplayCommandOptions {
  readonly config: string;
  /**
   * The relay's SQS failure queue to replay; replayed messages are deleted. Required unless
   * `failures` is given: CloudFormation names the queue, so no naming function derives its URL.
   */
  readonly queueUrl?: string;
  /** The file of on-failure records (one JSON document a line) to replay; replayed lines are removed. */
  readonly failures?: string;
  /** The Kafka cluster's bootstrap servers (the events stack's `KafkaBootstrapServers` output). */
  readonly bootstrapServers: readonly string[];
  /** @default 'iam' (MSK Serverless) */
  readonly kafkaAuth?: KafkaAuth;
  /** @default - AWS_REGION, else the config's `aws.region`, else the AWS SDK's lookup */
  readonly region?: string;
  /** The Kinesis client; tests inject one. @default - a KinesisClient in the region above */
  readonly kinesis?: KinesisClient;
  /** The SQS client for `queueUrl`; tests inject one. @default - an SQSClient in the region above */
  readonly sqs?: SQSClient;
  /** Passed to the {@link SqsFailureQueue}; tests shorten the long poll. @default - its defaults */
  readonly queueOptions?: { readonly waitTimeSeconds?: number; readonly visibilityTimeoutSeconds?: number };
}

/** Where the on-failure records come from: exactly one of `--queue-url` and `--failures`. */
function failureSource(
  options: ReplayCommandOptions,
): { kind: 'queue'; url: string } | { kind: 'file'; file: string } {
  if (options.queueUrl !== undefined && options.failures !== undefined)
    throw new CliUsageError('Give either --queue-url or --failures, not both');
  if (options.queueUrl !== undefined) return { kind: 'queue', url: options.queueUrl };
  if (options.failures !== undefined) return { kind: 'file', file: options.failures };
  throw new CliUsageError(
    "Give --queue-url <url> (the relay's failure queue: CloudFormation names it, so its URL is not derived from the lake's names) or --failures <file>",
  );
}

/**
 * `datalake replay <stream>`: re-delivers the ranges the relay's on-failure records point at (the
 * messages of its SQS failure queue at `--queue-url`, or the lines of `--failures`), from the
 * stream's Kinesis records to its Kafka topic, with the relay's own code (see
 * {@link replayFailures}), deleting each message (line) once its range is acknowledged.
 */
export async function replayCommand(
  streamName: string,
  options: ReplayCommandOptions,
  output: Output,
): Promise<void> {
  const source = failureSource(options);
  const config = loadConfig(options.config);
  const stream = config.streams.find((candidate) => candidate.name === streamName);
  if (stream === undefined) {
    const names = config.streams.map((candidate) => candidate.name).join(', ') || '(none)';
    throw new CliUsageError(`No stream "${streamName}" in the config; its streams: ${names}`);
  }
  const region = commandRegion(options, config);
  const kinesis = options.kinesis ?? new KinesisClient({ region: region.region });
  const queue: FailureQueue =
    source.kind === 'queue'
      ? new SqsFailureQueue(options.sqs ?? new SQSClient({ region: region.region }), {
          queueUrl: source.url,
          ...options.queueOptions,
        })
      : new FileFailureQueue(source.file);
  const producer = new KafkajsEventProducer(
    kafkaClient({
      brokers: [...options.bootstrapServers],
      clientId: 'datalake-replay',
      auth: options.kafkaAuth ?? 'iam',
      // MSK IAM tokens are signed for the cluster's region: the stream's.
      region: region.region ?? (await kinesis.config.region()),
      // Signed with the SDK's credentials (profile, SSO, ...), not only a Lambda role's.
      credentials: kinesis.config.credentials,
    }),
  );
  try {
    const replayed = await withAwsSetupHints(
      { name: 'replay', hasLocal: false, configFile: options.config, region },
      async () => {
        const { StreamDescriptionSummary } = await kinesis.send(
          new DescribeStreamSummaryCommand({ StreamName: kinesisStreamName(config.name, stream.name) }),
        );
        return replayFailures({
          queue,
          readRange: (range) => readShardRange(kinesis, range),
          producer,
          topic: stream.kafkaTopic,
          streamArn: StreamDescriptionSummary?.StreamARN ?? '',
          onReplayed: (range) =>
            output.out(
              `replayed ${range.shardId} ${range.startSequenceNumber}..${range.endSequenceNumber}: ${range.relayed} of ${range.records} records to ${stream.kafkaTopic}${range.poison.length > 0 ? `, ${range.poison.length} not events (skipped as the relay skips them)` : ''}`,
            ),
        });
      },
    );
    output.out(
      replayed.length === 0
        ? `nothing to replay in ${source.kind === 'queue' ? source.url : source.file}`
        : `${replayed.length} ranges replayed; consumers drop what was delivered before by the ${KAFKA_HEADERS.eventId} header`,
    );
  } finally {
    await producer.disconnect();
  }
}
