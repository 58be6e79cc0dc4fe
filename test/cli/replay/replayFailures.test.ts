import { randomUUID } from 'node:crypto';
import { type KinesisClient, PutRecordsCommand } from '@aws-sdk/client-kinesis';
import type { FailureMessage, FailureQueue } from '../../../lib/adapters/failureQueue';
import { type EventProducer, KafkajsEventProducer, kafkaClient } from '../../../lib/adapters/kafka';
import { readShardRange } from '../../../lib/adapters/kinesis';
import { replayFailures } from '../../../lib/cli/replay/replayFailures';
import { KafkaProduceError } from '../../../lib/core/errors';
import { type EventEnvelope, eventEnvelopeSchema } from '../../../lib/core/events';
import { KAFKA_HEADERS } from '../../../lib/core/events/kafkaHeaders';
import { type KafkaMock, startKafkaMock } from '../../../lib/local/events/startKafkaMock';
import {
  createLocalStream,
  type KinesisEmulator,
  localKinesisClient,
  startKinesis,
} from '../../../lib/local/events/startKinesis';

const STREAM = 'replay-local';
const TOPIC = 'replay.local';
const EVENTS = 60;
const USERS = 6;

/** A stand-in for the relay's SQS failure queue: a received message stays hidden until deleted or put back. */
class MemoryQueue implements FailureQueue {
  public readonly waiting: FailureMessage[] = [];
  public readonly deleted: FailureMessage[] = [];
  private readonly inFlight: FailureMessage[] = [];

  public async receive(): Promise<FailureMessage[]> {
    const batch = this.waiting.splice(0, 10);
    this.inFlight.push(...batch);
    return batch;
  }

  public async delete(message: FailureMessage): Promise<void> {
    this.inFlight.splice(this.inFlight.indexOf(message), 1);
    this.deleted.push(message);
  }

  /** What a visibility timeout does: messages received but not deleted come back. */
  public expireVisibility(): void {
    this.waiting.push(...this.inFlight.splice(0));
  }
}

/** The on-failure record Lambda sends for a Kinesis batch whose retries are spent. */
function onFailureRecord(streamArn: string, shardId: string, sequences: readonly string[]): string {
  return JSON.stringify({
    requestContext: {
      requestId: randomUUID(),
      functionArn: 'arn:aws:lambda:eu-west-1:123456789012:function:relay',
      condition: 'RetryAttemptsExhausted',
      approximateInvokeCount: 4,
    },
    responseContext: { statusCode: 200, executedVersion: '$LATEST', functionError: 'Unhandled' },
    version: '1.0',
    timestamp: '2026-11-23T09:20:00.000Z',
    KinesisBatchInfo: {
      shardId,
      startSequenceNumber: sequences[0],
      endSequenceNumber: sequences.at(-1),
      approximateArrivalOfFirstRecord: '2026-11-23T09:15:02.123Z',
      approximateArrivalOfLastRecord: '2026-11-23T09:15:02.500Z',
      batchSize: sequences.length,
      streamArn,
    },
  });
}

let kinesisEmulator: KinesisEmulator;
let kinesis: KinesisClient;
let kafka: KafkaMock;
let producer: KafkajsEventProducer;
let streamArn: string;
/** Per shard, the records put in shard order: sequence number and the envelope (or poison). */
let shards: Map<string, { sequence: string; envelope?: EventEnvelope }[]>;

beforeAll(async () => {
  [kinesisEmulator, kafka] = await Promise.all([startKinesis(), startKafkaMock(1)]);
  kinesis = localKinesisClient(kinesisEmulator.endpoint);
  producer = new KafkajsEventProducer(
    kafkaClient({ brokers: kafka.bootstrapServers, clientId: 'replay-test', auth: 'none', region: 'local' }),
  );
  streamArn = await createLocalStream(kinesis, STREAM, 2);
  await kafka.createTopic(TOPIC, 3);
  // Each user's counter n counts up; one poison record among them.
  const envelopes = Array.from({ length: EVENTS }, (_, i) =>
    eventEnvelopeSchema.parse({
      eventId: randomUUID(),
      name: 'item_viewed',
      clientTime: '2026-11-23T09:15:02.123Z',
      schemaVersion: 1,
      payload: { userId: `u-${i % USERS}`, n: Math.floor(i / USERS) + 1 },
    }),
  );
  const entries: { PartitionKey: string; Data: Buffer; envelope?: EventEnvelope }[] = envelopes.map(
    (envelope) => ({
      PartitionKey: String(envelope.payload.userId),
      Data: Buffer.from(JSON.stringify(envelope)),
      envelope,
    }),
  );
  entries.splice(EVENTS / 2, 0, { PartitionKey: 'u-1', Data: Buffer.from('not json at all') });
  const put = await kinesis.send(
    new PutRecordsCommand({
      StreamName: STREAM,
      Records: entries.map(({ PartitionKey, Data }) => ({ PartitionKey, Data })),
    }),
  );
  expect(put.FailedRecordCount).toBe(0);
  shards = new Map();
  put.Records?.forEach((result, i) => {
    const list = shards.get(result.ShardId ?? '') ?? [];
    list.push({ sequence: result.SequenceNumber ?? '', envelope: entries[i]?.envelope });
    shards.set(result.ShardId ?? '', list);
  });
  expect(shards.size).toBe(2);
}, 60_000);

afterAll(async () => {
  await producer?.disconnect();
  kinesis?.destroy();
  await Promise.all([kinesisEmulator?.stop(), kafka?.stop()]);
});

describe('replayFailures on kinesalite and the mock broker', () => {
  it('re-delivers each failed range exactly once, in shard order per key, and deletes its message after', async () => {
    // Arrange: one failed range per shard (the middle of each shard; the poison's shard's holds it),
    // queued newest first; records outside the ranges never reach the topic.
    const queue = new MemoryQueue();
    const ranges = [...shards].map(([shardId, records]) => ({
      shardId,
      records: records.slice(2, records.length - 2),
    }));
    for (const { shardId, records } of [...ranges].reverse())
      queue.waiting.push({
        body: onFailureRecord(
          streamArn,
          shardId,
          records.map((r) => r.sequence),
        ),
        receipt: shardId,
      });
    const deps = {
      queue,
      readRange: (range: Parameters<typeof readShardRange>[1]) => readShardRange(kinesis, range),
      producer,
      topic: TOPIC,
      streamArn,
    };

    // Act: replay, then replay again (the queue is empty now)
    const replayed = await replayFailures(deps);
    const again = await replayFailures(deps);
    const stored = await kafka.readTopic(TOPIC);

    // Assert: ranges by shard, each message deleted once, the poison reported
    expect(replayed.map((range) => range.shardId)).toEqual([...shards.keys()].sort());
    expect(queue.deleted).toHaveLength(2);
    expect(queue.waiting).toHaveLength(0);
    expect(again).toEqual([]);
    expect(replayed.flatMap((range) => range.poison.map((poison) => poison.reason))).toHaveLength(1);
    // Assert: exactly the ranges' events, once each, with the relay's headers
    const expected = ranges.flatMap(({ shardId, records }) =>
      records.flatMap((record) =>
        record.envelope ? [{ shardId, ...record, envelope: record.envelope }] : [],
      ),
    );
    expect(stored).toHaveLength(expected.length);
    expect(new Set(stored.map((message) => message.headers[KAFKA_HEADERS.eventId]))).toEqual(
      new Set(expected.map((record) => record.envelope.eventId)),
    );
    for (const message of stored) {
      const sent = expected.find(
        (record) => record.envelope.eventId === message.headers[KAFKA_HEADERS.eventId],
      );
      expect(message.key).toBe(sent?.envelope.payload.userId);
      expect(message.headers[KAFKA_HEADERS.sequence]).toBe(sent?.sequence);
      expect(message.headers[KAFKA_HEADERS.shard]).toBe(sent?.shardId);
    }
    // Assert: each key's events in the order they were put
    for (let user = 0; user < USERS; user++) {
      const own = stored.filter((message) => message.key === `u-${user}`);
      const ns = own.map(
        (message) => (JSON.parse(message.value.toString('utf8')) as EventEnvelope).payload.n as number,
      );
      expect(ns).toEqual([...ns].sort((a, b) => a - b));
      expect(own.length).toBeGreaterThan(0);
    }
  });

  it('keeps a message in the queue when its range is not acknowledged by Kafka', async () => {
    // Arrange
    const queue = new MemoryQueue();
    const [shardId, records] = [...shards][0] ?? ['', []];
    queue.waiting.push({
      body: onFailureRecord(
        streamArn,
        shardId,
        records.map((r) => r.sequence),
      ),
      receipt: 'r-1',
    });
    const failing: EventProducer = {
      send: async (topic, messages) => {
        throw new KafkaProduceError({ topic, messages: messages.length });
      },
      disconnect: async () => undefined,
    };

    // Act
    const attempt = replayFailures({
      queue,
      readRange: (range) => readShardRange(kinesis, range),
      producer: failing,
      topic: TOPIC,
      streamArn,
    });

    // Assert
    await expect(attempt).rejects.toThrow(KafkaProduceError);
    expect(queue.deleted).toEqual([]);
    queue.expireVisibility();
    expect(queue.waiting.map((message) => message.receipt)).toEqual(['r-1']);
  });

  it('refuses a message of another stream and leaves it in the queue', async () => {
    // Arrange
    const queue = new MemoryQueue();
    const [shardId, records] = [...shards][0] ?? ['', []];
    const other = streamArn.replace(STREAM, 'other-stream');
    queue.waiting.push({
      body: onFailureRecord(
        other,
        shardId,
        records.map((r) => r.sequence),
      ),
      receipt: 'r-2',
    });

    // Act
    const attempt = replayFailures({
      queue,
      readRange: (range) => readShardRange(kinesis, range),
      producer,
      topic: TOPIC,
      streamArn,
    });

    // Assert
    await expect(attempt).rejects.toThrow(
      `Failure-queue message of stream ${other}, not ${streamArn}: left in the queue`,
    );
    expect(queue.deleted).toEqual([]);
  });
});
