import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type KinesisClient, PutRecordsCommand } from '@aws-sdk/client-kinesis';
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

const config = loadConfig(DEFAULT_CONFIG_PATH);
const stream = config.streams[0];
if (stream === undefined) throw new Error('the example config has a stream');

let kinesisEmulator: KinesisEmulator;
let kinesis: KinesisClient;
let kafka: KafkaMock;
let dir: string;

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
    const streamArn = await createLocalStream(kinesis, kinesisStreamName(config.name, stream.name), 1);
    await kafka.createTopic(stream.kafkaTopic, 2);
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
    const failure = (from: number, to: number) =>
      JSON.stringify({
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
    const stored = await kafka.readTopic(stream.kafkaTopic);
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
});
