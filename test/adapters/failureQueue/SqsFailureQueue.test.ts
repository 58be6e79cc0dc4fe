import { randomUUID } from 'node:crypto';
import type { _Record } from '@aws-sdk/client-kinesis';
import {
  CreateQueueCommand,
  GetQueueAttributesCommand,
  SendMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { SqsFailureQueue } from '../../../lib/adapters/failureQueue';
import type { EventProducer } from '../../../lib/adapters/kafka';
import type { ShardRange } from '../../../lib/adapters/kinesis';
import { replayFailures } from '../../../lib/cli/replay/replayFailures';
import { DataLakeError, KafkaProduceError } from '../../../lib/core/errors';
import type { KafkaMessage } from '../../../lib/core/events/kafkaMessage';
import { type Fauxqs, startFauxqs } from '../../helpers/startFauxqs';

const STREAM_ARN = 'arn:aws:kinesis:eu-west-1:123456789012:stream/marketplace-app-events';
const OTHER_STREAM_ARN = 'arn:aws:kinesis:eu-west-1:123456789012:stream/marketplace-other';
const TOPIC = 'app.events';
/** Short waits so the suite is quick; still long polling (> 0). */
const QUEUE_OPTIONS = { waitTimeSeconds: 1, visibilityTimeoutSeconds: 1 };

/** The on-failure record Lambda sends for a Kinesis batch whose retries are spent. */
function onFailureRecord(streamArn: string, shardId: string, sequence: string): string {
  return JSON.stringify({
    requestContext: {
      requestId: randomUUID(),
      condition: 'RetryAttemptsExhausted',
      approximateInvokeCount: 4,
    },
    version: '1.0',
    timestamp: '2026-11-23T09:20:00.000Z',
    KinesisBatchInfo: {
      shardId,
      startSequenceNumber: sequence,
      endSequenceNumber: sequence,
      batchSize: 1,
      streamArn,
    },
  });
}

/** One event record per range, as Kinesis would give it back. */
function readRange(range: ShardRange): Promise<_Record[]> {
  const envelope = {
    eventId: randomUUID(),
    name: 'item_viewed',
    clientTime: '2026-11-23T09:15:02.123Z',
    schemaVersion: 1,
    payload: { userId: 'u-1' },
  };
  return Promise.resolve([
    {
      Data: Buffer.from(JSON.stringify(envelope)),
      PartitionKey: 'u-1',
      SequenceNumber: range.startSequenceNumber,
      ApproximateArrivalTimestamp: new Date('2026-11-23T09:15:02.123Z'),
    },
  ]);
}

let fauxqs: Fauxqs;
let sqs: SQSClient;

beforeAll(async () => {
  fauxqs = await startFauxqs();
  sqs = new SQSClient({
    endpoint: fauxqs.endpoint,
    region: 'eu-west-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    requestHandler: new NodeHttpHandler(),
  });
}, 30_000);

afterAll(async () => {
  sqs?.destroy();
  await fauxqs?.stop();
});

async function queueWith(bodies: readonly string[]): Promise<string> {
  const { QueueUrl = '' } = await sqs.send(
    new CreateQueueCommand({ QueueName: `relay-failures-${randomUUID()}` }),
  );
  for (const MessageBody of bodies) await sqs.send(new SendMessageCommand({ QueueUrl, MessageBody }));
  return QueueUrl;
}

/** Messages in the queue, visible or hidden by a receive. */
async function messagesIn(queueUrl: string): Promise<number> {
  const { Attributes = {} } = await sqs.send(
    new GetQueueAttributesCommand({
      QueueUrl: queueUrl,
      AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
    }),
  );
  return (
    Number(Attributes.ApproximateNumberOfMessages) + Number(Attributes.ApproximateNumberOfMessagesNotVisible)
  );
}

/** A producer that records each send and the queue's size at that moment. */
function recordingProducer(queueUrl: string, fail = false) {
  const sends: { messages: readonly KafkaMessage[]; inQueue: number }[] = [];
  const producer: EventProducer = {
    send: async (topic, messages) => {
      sends.push({ messages, inQueue: await messagesIn(queueUrl) });
      if (fail) throw new KafkaProduceError({ topic, messages: messages.length });
    },
    disconnect: async () => {},
  };
  return { producer, sends };
}

/** A later replay's look at the queue, once the visibility timeout has passed. */
async function bodiesLater(queueUrl: string): Promise<string[]> {
  await new Promise((resolve) => setTimeout(resolve, (QUEUE_OPTIONS.visibilityTimeoutSeconds + 0.5) * 1000));
  const later = new SqsFailureQueue(sqs, { queueUrl, ...QUEUE_OPTIONS });
  return (await later.receive()).map((message) => message.body);
}

describe('SqsFailureQueue on fauxqs (ReceiveMessage long polling, DeleteMessage by receipt handle)', () => {
  it('deletes a message only after its range was re-delivered, and leaves a message of another stream', async () => {
    // Arrange: our range on shard 0, another stream's on shard 1 (replayed after ours)
    const ours = onFailureRecord(STREAM_ARN, 'shardId-000000000000', '49001');
    const others = onFailureRecord(OTHER_STREAM_ARN, 'shardId-000000000001', '49002');
    const queueUrl = await queueWith([others, ours]);
    const { producer, sends } = recordingProducer(queueUrl);
    const queue = new SqsFailureQueue(sqs, { queueUrl, ...QUEUE_OPTIONS });

    // Act
    const replay = replayFailures({ queue, readRange, producer, topic: TOPIC, streamArn: STREAM_ARN });

    // Assert: the other stream's message stops the replay; ours was sent while both were queued,
    // then deleted; the other one comes back
    await expect(replay).rejects.toThrow(DataLakeError);
    expect(sends).toHaveLength(1);
    expect(sends[0]?.messages).toHaveLength(1);
    expect(sends[0]?.inQueue).toBe(2);
    expect(await bodiesLater(queueUrl)).toEqual([others]);
  }, 30_000);

  it('leaves a message whose send was not acknowledged, visible again for the next replay, which deletes it', async () => {
    // Arrange
    const body = onFailureRecord(STREAM_ARN, 'shardId-000000000000', '49003');
    const queueUrl = await queueWith([body]);
    const failing = recordingProducer(queueUrl, true);

    // Act: a replay whose send fails, then one whose send is acknowledged
    const first = replayFailures({
      queue: new SqsFailureQueue(sqs, { queueUrl, ...QUEUE_OPTIONS }),
      readRange,
      producer: failing.producer,
      topic: TOPIC,
      streamArn: STREAM_ARN,
    });
    await expect(first).rejects.toThrow(KafkaProduceError);
    await new Promise((resolve) =>
      setTimeout(resolve, (QUEUE_OPTIONS.visibilityTimeoutSeconds + 0.5) * 1000),
    );
    const working = recordingProducer(queueUrl);
    const replayed = await replayFailures({
      queue: new SqsFailureQueue(sqs, { queueUrl, ...QUEUE_OPTIONS }),
      readRange,
      producer: working.producer,
      topic: TOPIC,
      streamArn: STREAM_ARN,
    });

    // Assert
    expect(failing.sends).toHaveLength(1);
    expect(replayed.map((range) => range.startSequenceNumber)).toEqual(['49003']);
    expect(await messagesIn(queueUrl)).toBe(0);
  }, 30_000);

  it('gives each message once per replay, so the loop ends though a message comes back', async () => {
    // Arrange: a message received and never deleted
    const body = onFailureRecord(STREAM_ARN, 'shardId-000000000000', '49004');
    const queueUrl = await queueWith([body]);
    const queue = new SqsFailureQueue(sqs, { queueUrl, ...QUEUE_OPTIONS });

    // Act
    const first = await queue.receive();
    await new Promise((resolve) =>
      setTimeout(resolve, (QUEUE_OPTIONS.visibilityTimeoutSeconds + 0.5) * 1000),
    );
    const again = await queue.receive();

    // Assert: not given twice, still in the queue
    expect(first.map((message) => message.body)).toEqual([body]);
    expect(again).toEqual([]);
    expect(await messagesIn(queueUrl)).toBe(1);
  }, 30_000);
});
