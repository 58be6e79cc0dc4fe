import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type KinesisClient, PutRecordsCommand } from '@aws-sdk/client-kinesis';
import {
  CreateQueueCommand,
  GetQueueAttributesCommand,
  SendMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { replayCommand } from '../../../lib/cli/commands/replayCommand';
import { DEFAULT_CONFIG_PATH, loadConfig } from '../../../lib/config';
import { eventEnvelopeSchema } from '../../../lib/core/events';
import { KAFKA_HEADERS } from '../../../lib/core/events/kafkaHeaders';
import { kinesisStreamName } from '../../../lib/core/naming';
import { type KafkaMock, startKafkaMock } from '../../../lib/local/events/startKafkaMock';
import {
  createLocalStream,
  type KinesisEmulator,
  localKinesisClient,
  startKinesis,
} from '../../../lib/local/events/startKinesis';
import { type Fauxqs, startFauxqs } from '../../helpers/startFauxqs';

const config = loadConfig(DEFAULT_CONFIG_PATH);
const stream = config.streams[0];
if (stream === undefined) throw new Error('the example config has a stream');

let kinesisEmulator: KinesisEmulator;
let kinesis: KinesisClient;
let kafka: KafkaMock;
let dir: string;
let created: Promise<string> | undefined;

/** The example config's stream on kinesalite (one shard) and its topic, made once; its ARN. */
function streamReady(): Promise<string> {
  created ??= createLocalStream(kinesis, kinesisStreamName(config.name, stream.name), 1).then(async (arn) => {
    await kafka.createTopic(stream.kafkaTopic, 2);
    return arn;
  });
  return created;
}

/** Puts ten events of one user; their envelopes, sequence numbers and shard. */
async function putTenEvents() {
  const envelopes = Array.from({ length: 10 }, (_, n) =>
    eventEnvelopeSchema.parse({
      eventId: randomUUID(),
      name: 'item_viewed',
      clientTime: '2026-11-23T09:15:02.123Z',
      schemaVersion: 1,
      payload: { userId: 'u-1', n },
    }),
  );
  const put = await kinesis.send(
    new PutRecordsCommand({
      StreamName: kinesisStreamName(config.name, stream.name),
      Records: envelopes.map((envelope) => ({
        PartitionKey: 'u-1',
        Data: Buffer.from(JSON.stringify(envelope)),
      })),
    }),
  );
  const sequences = (put.Records ?? []).map((record) => record.SequenceNumber ?? '');
  const shardId = put.Records?.[0]?.ShardId ?? '';
  return { envelopes, sequences, shardId };
}

/** The on-failure record of records `from`..`to` of a shard. */
function failureRecord(
  streamArn: string,
  shardId: string,
  sequences: readonly string[],
  from: number,
  to: number,
) {
  return JSON.stringify({
    requestContext: { condition: 'RetryAttemptsExhausted', approximateInvokeCount: 4 },
    version: '1.0',
    KinesisBatchInfo: {
      shardId,
      startSequenceNumber: sequences[from],
      endSequenceNumber: sequences[to],
      approximateArrivalOfFirstRecord: '2026-11-23T09:15:02.123Z',
      approximateArrivalOfLastRecord: '2026-11-23T09:15:02.500Z',
      batchSize: to - from + 1,
      streamArn,
    },
  });
}

beforeAll(async () => {
  [kinesisEmulator, kafka] = await Promise.all([startKinesis(), startKafkaMock(1)]);
  kinesis = localKinesisClient(kinesisEmulator.endpoint);
  dir = mkdtempSync(join(tmpdir(), 'replay-command-'));
}, 60_000);

afterAll(async () => {
  kinesis?.destroy();
  await Promise.all([kinesisEmulator?.stop(), kafka?.stop()]);
  rmSync(dir, { recursive: true, force: true });
});

describe('datalake replay', () => {
  it('re-delivers the ranges of the failures file to the stream’s topic once, in order, and empties the file', async () => {
    // Arrange: the example config's stream on kinesalite (one shard), ten events of one user
    const streamArn = await streamReady();
    const before = (await kafka.readTopic(stream.kafkaTopic)).length;
    const { envelopes, sequences, shardId } = await putTenEvents();
    const failure = (from: number, to: number) => failureRecord(streamArn, shardId, sequences, from, to);
    const file = join(dir, 'failures.jsonl');
    writeFileSync(file, `${failure(7, 8)}\n${failure(2, 4)}\n`);
    const out: string[] = [];

    // Act
    await replayCommand(
      stream.name,
      {
        config: DEFAULT_CONFIG_PATH,
        failures: file,
        bootstrapServers: kafka.bootstrapServers,
        kafkaAuth: 'none',
        region: 'eu-west-1',
        kinesis,
      },
      { out: (text) => out.push(text), err: () => undefined },
    );

    // Assert
    const stored = (await kafka.readTopic(stream.kafkaTopic)).slice(before);
    expect(stored.map((message) => message.headers[KAFKA_HEADERS.eventId])).toEqual(
      [2, 3, 4, 7, 8].map((n) => envelopes[n]?.eventId),
    );
    expect(readFileSync(file, 'utf8')).toBe('');
    expect(out).toEqual([
      `replayed ${shardId} ${sequences[2]}..${sequences[4]}: 3 of 3 records to ${stream.kafkaTopic}`,
      `replayed ${shardId} ${sequences[7]}..${sequences[8]}: 2 of 2 records to ${stream.kafkaTopic}`,
      '2 ranges replayed; consumers drop what was delivered before by the datalake.event.id header',
    ]);
  });

  it('refuses a stream the config does not have', async () => {
    // Act / Assert
    await expect(
      replayCommand(
        'nope',
        { config: DEFAULT_CONFIG_PATH, failures: join(dir, 'none.jsonl'), bootstrapServers: ['127.0.0.1:1'] },
        { out: () => undefined, err: () => undefined },
      ),
    ).rejects.toThrow(
      `No stream "nope" in the config; its streams: ${config.streams.map((s) => s.name).join(', ')}`,
    );
  });

  it('reads the relay’s SQS failure queue with --queue-url and deletes each message once its range is sent', async () => {
    // Arrange: the ranges as two messages of a queue on fauxqs
    const streamArn = await streamReady();
    const before = (await kafka.readTopic(stream.kafkaTopic)).length;
    const { envelopes, sequences, shardId } = await putTenEvents();
    const fauxqs: Fauxqs = await startFauxqs();
    const sqs = new SQSClient({
      endpoint: fauxqs.endpoint,
      region: 'eu-west-1',
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
      requestHandler: new NodeHttpHandler(),
    });
    try {
      const { QueueUrl = '' } = await sqs.send(new CreateQueueCommand({ QueueName: 'relay-failures' }));
      for (const [from, to] of [
        [6, 9],
        [0, 1],
      ] as const)
        await sqs.send(
          new SendMessageCommand({
            QueueUrl,
            MessageBody: failureRecord(streamArn, shardId, sequences, from, to),
          }),
        );

      // Act
      await replayCommand(
        stream.name,
        {
          config: DEFAULT_CONFIG_PATH,
          queueUrl: QueueUrl,
          bootstrapServers: kafka.bootstrapServers,
          kafkaAuth: 'none',
          region: 'eu-west-1',
          kinesis,
          sqs,
          queueOptions: { waitTimeSeconds: 1 },
        },
        { out: () => undefined, err: () => undefined },
      );

      // Assert: both ranges in order, the queue empty
      const stored = (await kafka.readTopic(stream.kafkaTopic)).slice(before);
      expect(stored.map((message) => message.headers[KAFKA_HEADERS.eventId])).toEqual(
        [0, 1, 6, 7, 8, 9].map((n) => envelopes[n]?.eventId),
      );
      const { Attributes = {} } = await sqs.send(
        new GetQueueAttributesCommand({
          QueueUrl,
          AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
        }),
      );
      expect([
        Attributes.ApproximateNumberOfMessages,
        Attributes.ApproximateNumberOfMessagesNotVisible,
      ]).toEqual(['0', '0']);
    } finally {
      sqs.destroy();
      await fauxqs.stop();
    }
  }, 60_000);

  it.each([
    ['neither', {}, /Give --queue-url <url>/],
    [
      'both',
      { queueUrl: 'https://sqs.eu-west-1.amazonaws.com/123456789012/q', failures: 'f.jsonl' },
      /not both/,
    ],
  ])('needs exactly one of --queue-url and --failures (%s given)', async (_, source, message) => {
    // Act / Assert
    await expect(
      replayCommand(
        stream.name,
        { config: DEFAULT_CONFIG_PATH, bootstrapServers: ['127.0.0.1:1'], ...source },
        { out: () => undefined, err: () => undefined },
      ),
    ).rejects.toThrow(message);
  });
});
