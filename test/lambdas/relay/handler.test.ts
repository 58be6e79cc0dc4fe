import {
  GetRecordsCommand,
  GetShardIteratorCommand,
  type KinesisClient,
  ListShardsCommand,
  PutRecordsCommand,
} from '@aws-sdk/client-kinesis';
import type { KinesisStreamBatchResponse, KinesisStreamRecord } from 'aws-lambda';
import { KafkaProduceError } from '../../../lib/core/errors';
import { KAFKA_HEADERS } from '../../../lib/core/events/kafkaHeaders';
import { kinesisStreamEvent } from '../../../lib/local/events/kinesisStreamEvent';
import { localRelayTask } from '../../../lib/local/events/localRelayTask';
import { type KafkaMock, type StoredMessage, startKafkaMock } from '../../../lib/local/events/startKafkaMock';
import {
  createLocalStream,
  type KinesisEmulator,
  localKinesisClient,
  startKinesis,
} from '../../../lib/local/events/startKinesis';
import { captureStdoutJson } from '../../helpers/stdoutJsonLines';

type RelayModule = typeof import('../../../lambdas/relay/handler.js');

const TOPIC = 'relay.events';
const saved = { ...process.env };
let kinesisEmulator: KinesisEmulator;
let kinesis: KinesisClient;
let kafka: KafkaMock;
let handler: RelayModule['handler'];
let producer: RelayModule['producer'];

beforeAll(async () => {
  [kinesisEmulator, kafka] = await Promise.all([startKinesis(), startKafkaMock(1)]);
  kinesis = localKinesisClient(kinesisEmulator.endpoint);
  await kafka.createTopic(TOPIC, 6);
  Object.assign(process.env, {
    KAFKA_BOOTSTRAP_SERVERS: kafka.bootstrapServers.join(','),
    KAFKA_TOPIC: TOPIC,
    KAFKA_AUTH: 'none',
    AWS_REGION: 'eu-west-1',
    POWERTOOLS_SERVICE_NAME: 'relay-test',
    STREAM_NAME: 'app-events',
    POWERTOOLS_METRICS_NAMESPACE: 'DataLake/marketplace',
    POWERTOOLS_LOG_LEVEL: 'SILENT',
  });
  // The handler reads its env and builds its producer when loaded, as in a Lambda container.
  ({ handler, producer } = require('../../../lambdas/relay/handler') as RelayModule);
});

afterAll(async () => {
  await producer?.disconnect();
  kinesis?.destroy();
  await Promise.all([kinesisEmulator?.stop(), kafka?.stop()]);
  process.env = saved;
});

function envelope(n: number, userId: string): Record<string, unknown> {
  return {
    eventId: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
    name: 'item_viewed',
    clientTime: '2026-11-23T09:15:02.123Z',
    schemaVersion: 1,
    payload: { userId, n, title: '중고 자전거 🚲' },
  };
}

/** Puts `data` into a new stream in order (one PutRecords call) and reads it back shard by shard. */
async function putAndRead(
  stream: string,
  shards: number,
  records: ReadonlyArray<{ key: string; data: string }>,
) {
  const streamArn = await createLocalStream(kinesis, stream, shards);
  const put = await kinesis.send(
    new PutRecordsCommand({
      StreamName: stream,
      Records: records.map(({ key, data }) => ({ PartitionKey: key, Data: Buffer.from(data) })),
    }),
  );
  expect(put.FailedRecordCount).toBe(0);
  const { Shards = [] } = await kinesis.send(new ListShardsCommand({ StreamName: stream }));
  const events: KinesisStreamRecord[][] = [];
  for (const { ShardId } of Shards) {
    const { ShardIterator } = await kinesis.send(
      new GetShardIteratorCommand({ StreamName: stream, ShardId, ShardIteratorType: 'TRIM_HORIZON' }),
    );
    const { Records = [] } = await kinesis.send(new GetRecordsCommand({ ShardIterator, Limit: 10000 }));
    events.push(kinesisStreamEvent(Records, { streamArn, shardId: ShardId ?? '' }).Records);
  }
  return events;
}

function stored(messages: readonly StoredMessage[]) {
  return messages.map((m) => ({
    key: m.key,
    n: (JSON.parse(m.value.toString()) as { payload: { n: number } }).payload.n,
  }));
}

describe('relay handler', () => {
  it("runs the task local mode runs: its .task is the local relay binding's, the same function object", () => {
    // Act
    const local = localRelayTask(
      { producer, topic: TOPIC, stream: 'app-events' },
      { onPoison: () => undefined },
    );

    // Assert
    expect(local.task).toBe(handler.task);
  });

  it('relays records read from Kinesis with keys, bytes, headers and per-key order, a poison record reported', async () => {
    // Arrange: 300 events over 10 keys, one poison record in the middle
    const records = Array.from({ length: 300 }, (_, n) => ({
      key: `user-${n % 10}`,
      data: JSON.stringify(envelope(n, `user-${n % 10}`)),
    }));
    records.splice(150, 0, { key: 'user-3', data: '{"eventId":"not-an-envelope"}' });
    const shards = await putAndRead('relay-main', 2, records);
    const poison = shards
      .flat()
      .find((r) => Buffer.from(r.kinesis.data, 'base64').toString().includes('not-an-envelope'));

    // Act: one invocation per shard, 100 records each, as an event source mapping would
    const responses: KinesisStreamBatchResponse[] = [];
    for (const shard of shards) {
      for (let i = 0; i < shard.length; i += 100)
        responses.push(await handler({ Records: shard.slice(i, i + 100) }));
    }
    const landed = await kafka.readTopic(TOPIC);

    // Assert
    expect(responses.flatMap((r) => r.batchItemFailures)).toEqual([
      { itemIdentifier: poison?.kinesis.sequenceNumber },
    ]);
    expect(landed).toHaveLength(300);
    for (let key = 0; key < 10; key += 1) {
      const numbers = stored(landed)
        .filter((m) => m.key === `user-${key}`)
        .map((m) => m.n);
      expect(numbers).toEqual(
        records
          .filter((r) => r.key === `user-${key}` && !r.data.includes('not-an'))
          .map((r) => JSON.parse(r.data).payload.n),
      );
    }
    const bySequence = new Map(shards.flat().map((r) => [r.kinesis.sequenceNumber, r]));
    for (const message of landed) {
      const record = bySequence.get(message.headers[KAFKA_HEADERS.sequence] ?? '');
      expect(message.value.toString('base64')).toBe(record?.kinesis.data);
      expect(message.key).toBe(record?.kinesis.partitionKey);
      expect(message.headers[KAFKA_HEADERS.shard]).toBe(record?.eventID.split(':')[0]);
      expect(message.headers[KAFKA_HEADERS.eventId]).toBe(JSON.parse(message.value.toString()).eventId);
      expect(Date.parse(message.headers[KAFKA_HEADERS.arrival] ?? '')).toBe(
        Math.round((record?.kinesis.approximateArrivalTimestamp ?? 0) * 1000),
      );
    }
  });

  it('prints the poison events of each batch as EMF in the lake namespace with the Stream dimension', async () => {
    // Arrange: one poison record of three
    const [shard = []] = await putAndRead('relay-emf', 1, [
      { key: 'user-m', data: JSON.stringify(envelope(2000, 'user-m')) },
      { key: 'user-m', data: 'garbage' },
      { key: 'user-m', data: JSON.stringify(envelope(2001, 'user-m')) },
    ]);
    const stdout = captureStdoutJson();

    // Act
    try {
      await handler({ Records: shard });
    } finally {
      stdout.restore();
    }

    // Assert: the EMF specification's directive and values
    // (https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch_Embedded_Metric_Format_Specification.html)
    expect(stdout.emf()).toEqual([
      expect.objectContaining({
        _aws: expect.objectContaining({
          CloudWatchMetrics: [
            {
              Namespace: 'DataLake/marketplace',
              Dimensions: [['Stream']],
              Metrics: [{ Name: 'PoisonEvents', Unit: 'Count' }],
            },
          ],
        }),
        Stream: 'app-events',
        PoisonEvents: 1,
      }),
    ]);
  });

  it('re-relays the records after a poison one when Lambda retries from it, as duplicates with the same headers', async () => {
    // Arrange: one shard, poison third of five; the first invocation has already run
    const data = [0, 1, 'poison', 3, 4].map((n) =>
      typeof n === 'number' ? JSON.stringify(envelope(1000 + n, 'user-r')) : 'garbage',
    );
    const [shard = []] = await putAndRead(
      'relay-retry',
      1,
      data.map((d) => ({ key: 'user-r', data: d })),
    );
    const first = await handler({ Records: shard });
    const failedAt = shard.findIndex(
      (r) => r.kinesis.sequenceNumber === first.batchItemFailures[0]?.itemIdentifier,
    );

    // Act: Lambda checkpoints before the poison record and retries from it (bisected at it)
    const retry = await handler({ Records: shard.slice(failedAt) });
    const landed = (await kafka.readTopic(TOPIC)).filter((m) => m.key === 'user-r');

    // Assert
    expect(failedAt).toBe(2);
    expect(retry.batchItemFailures).toEqual(first.batchItemFailures);
    expect(stored(landed).map((m) => m.n)).toEqual([1000, 1001, 1003, 1004, 1003, 1004]);
    const unique = new Set(
      landed.map((m) => `${m.headers[KAFKA_HEADERS.shard]}/${m.headers[KAFKA_HEADERS.sequence]}`),
    );
    expect(unique.size).toBe(4);
  });

  it('fails the invocation while the broker is down and relays the same batch once it is back, losing nothing', async () => {
    // Arrange
    const data = Array.from({ length: 50 }, (_, n) => JSON.stringify(envelope(2000 + n, `user-d${n % 5}`)));
    const [shard = []] = await putAndRead(
      'relay-down',
      1,
      data.map((d, n) => ({ key: `user-d${n % 5}`, data: d })),
    );
    await kafka.setBrokerDown(1);

    // Act
    const failed = handler({ Records: shard });
    await expect(failed).rejects.toThrow(KafkaProduceError);
    await kafka.setBrokerUp(1);
    const retried = await handler({ Records: shard });
    const landed = (await kafka.readTopic(TOPIC)).filter((m) => m.key.startsWith('user-d'));

    // Assert
    expect(retried).toEqual({ batchItemFailures: [] });
    expect(landed).toHaveLength(50);
    for (let key = 0; key < 5; key += 1) {
      const numbers = stored(landed)
        .filter((m) => m.key === `user-d${key}`)
        .map((m) => m.n);
      expect(numbers).toEqual(Array.from({ length: 10 }, (_, i) => 2000 + key + 5 * i));
    }
  }, 60_000);
});
