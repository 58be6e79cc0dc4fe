import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type KinesisClient, PutRecordsCommand } from '@aws-sdk/client-kinesis';
import { KafkajsEventProducer, kafkaClient } from '../../../lib/adapters/kafka';
import { type EventEnvelope, eventEnvelopeSchema } from '../../../lib/core/events';
import { KAFKA_HEADERS } from '../../../lib/core/events/kafkaHeaders';
import type { KinesisBatchFailure } from '../../../lib/local/events/invokeLikeEventSourceMapping';
import { type RelayLocallyResult, relayLocally } from '../../../lib/local/events/relayLocally';
import { type KafkaMock, type StoredMessage, startKafkaMock } from '../../../lib/local/events/startKafkaMock';
import {
  createLocalStream,
  type KinesisEmulator,
  localKinesisClient,
  startKinesis,
} from '../../../lib/local/events/startKinesis';

const STREAM = 'relay-local';
const TOPIC = 'relay.local';
const EVENTS = 300;
const USERS = 12;

let kinesisEmulator: KinesisEmulator;
let kinesis: KinesisClient;
let kafka: KafkaMock;
let producer: KafkajsEventProducer;
let dir: string;
let failureFile: string;
let envelopes: EventEnvelope[];
let poisonSequence: string;
let poisonShard: string;
let result: RelayLocallyResult;
let messages: StoredMessage[];

beforeAll(async () => {
  [kinesisEmulator, kafka] = await Promise.all([startKinesis(), startKafkaMock(1)]);
  kinesis = localKinesisClient(kinesisEmulator.endpoint);
  producer = new KafkajsEventProducer(
    kafkaClient({
      brokers: kafka.bootstrapServers,
      clientId: 'relay-locally-test',
      auth: 'none',
      region: 'local',
    }),
  );
  dir = mkdtempSync(join(tmpdir(), 'relay-locally-'));
  failureFile = join(dir, 'failures', `${STREAM}.jsonl`);
  const streamArn = await createLocalStream(kinesis, STREAM, 2);
  await kafka.createTopic(TOPIC, 4);

  // Valid envelopes, each user's counter n counting up, and poison half-way in the same call.
  envelopes = Array.from({ length: EVENTS }, (_, i) =>
    eventEnvelopeSchema.parse({
      eventId: randomUUID(),
      name: 'item_viewed',
      clientTime: '2026-11-23T09:15:02.123Z',
      schemaVersion: 1,
      payload: { userId: `u-${i % USERS}`, n: Math.floor(i / USERS) + 1 },
    }),
  );
  const entries = envelopes.map((envelope) => ({
    PartitionKey: String(envelope.payload.userId),
    Data: Buffer.from(JSON.stringify(envelope)),
  }));
  entries.splice(EVENTS / 2, 0, { PartitionKey: 'u-3', Data: Buffer.from('not json at all') });
  const put = await kinesis.send(new PutRecordsCommand({ StreamName: STREAM, Records: entries }));
  expect(put.FailedRecordCount).toBe(0);
  poisonSequence = put.Records?.[EVENTS / 2]?.SequenceNumber ?? '';
  poisonShard = put.Records?.[EVENTS / 2]?.ShardId ?? '';

  // Partition keys hash the same way every run: the poison is its shard's 40th record, so a
  // batch of 50 holds good records after it, which the retries relay again as duplicates.
  result = await relayLocally({
    kinesis,
    streamName: STREAM,
    streamArn,
    producer,
    topic: TOPIC,
    relay: { batchSize: 50, maxRetryAttempts: 2 },
    failureFile,
  });
  messages = await kafka.readTopic(TOPIC);
}, 60_000);

afterAll(async () => {
  await producer?.disconnect();
  kinesis?.destroy();
  await Promise.all([kinesisEmulator?.stop(), kafka?.stop()]);
  rmSync(dir, { recursive: true, force: true });
});

describe('relayLocally on kinesalite and the mock broker', () => {
  it('reads every record of the stream once', () => {
    // Assert
    expect(result.recordsRead).toBe(EVENTS + 1);
  });

  it('lands every good event in Kafka, keyed by its partition key, with the Kinesis headers', () => {
    // Arrange
    const byId = new Map(envelopes.map((envelope) => [envelope.eventId, envelope]));

    // Assert
    const ids = new Set(messages.map((message) => message.headers[KAFKA_HEADERS.eventId]));
    expect(ids).toEqual(new Set(byId.keys()));
    for (const message of messages) {
      const sent = byId.get(message.headers[KAFKA_HEADERS.eventId] ?? '');
      expect(message.key).toBe(sent?.payload.userId);
      expect(JSON.parse(message.value.toString('utf8'))).toEqual(sent);
      expect(message.headers[KAFKA_HEADERS.sequence]).toMatch(/^\d+$/);
      expect(message.headers[KAFKA_HEADERS.shard]).toMatch(/^shardId-00000000000[01]$/);
      expect(message.headers[KAFKA_HEADERS.arrival]).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    }
  });

  it('keeps each key on one partition and in order once duplicates are dropped by event id', () => {
    // Arrange
    const firstCopies = messages.filter(
      (message, i) =>
        messages.findIndex(
          (other) => other.headers[KAFKA_HEADERS.eventId] === message.headers[KAFKA_HEADERS.eventId],
        ) === i,
    );

    // Assert
    for (let user = 0; user < USERS; user++) {
      const own = firstCopies.filter((message) => message.key === `u-${user}`);
      expect(new Set(own.map((message) => message.partition)).size).toBe(1);
      const ns = own.map(
        (message) => (JSON.parse(message.value.toString('utf8')) as EventEnvelope).payload.n,
      );
      expect(ns).toEqual(ns.map((_, i) => i + 1));
    }
  });

  it('gives re-sent duplicates the same sequence and shard headers as their first copy', () => {
    // Arrange
    const first = new Map<string, StoredMessage>();
    const duplicates: Array<[StoredMessage, StoredMessage]> = [];
    for (const message of messages) {
      const id = message.headers[KAFKA_HEADERS.eventId] ?? '';
      const seen = first.get(id);
      if (seen === undefined) first.set(id, message);
      else duplicates.push([seen, message]);
    }

    // Assert: the records after the poison in its batch were relayed again by the retries
    expect(duplicates.length).toBeGreaterThan(0);
    for (const [a, b] of duplicates) {
      expect(b.headers[KAFKA_HEADERS.sequence]).toBe(a.headers[KAFKA_HEADERS.sequence]);
      expect(b.headers[KAFKA_HEADERS.shard]).toBe(a.headers[KAFKA_HEADERS.shard]);
    }
  });

  it('reports the poison record with its reason and never relays it', () => {
    // Assert
    expect(result.poison.length).toBeGreaterThan(0);
    expect(result.poison.every((report) => report.sequenceNumber === poisonSequence)).toBe(true);
    expect(result.poison[0]).toEqual({
      sequenceNumber: poisonSequence,
      shardId: poisonShard,
      reason: expect.stringMatching(/^data is not UTF-8 JSON/),
    });
    expect(messages.some((message) => message.headers[KAFKA_HEADERS.sequence] === poisonSequence)).toBe(
      false,
    );
  });

  it('appends the SQS-shaped failure record covering the poison sequence to the failure file', () => {
    // Act
    const lines = readFileSync(failureFile, 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as KinesisBatchFailure);

    // Assert
    expect(lines).toEqual(result.failures);
    expect(lines).toHaveLength(1);
    const [failure] = lines;
    expect(failure?.requestContext.condition).toBe('RetryAttemptsExhausted');
    expect(failure?.KinesisBatchInfo.shardId).toBe(poisonShard);
    expect(failure?.KinesisBatchInfo.startSequenceNumber).toBe(poisonSequence);
    expect(BigInt(failure?.KinesisBatchInfo.endSequenceNumber ?? '0')).toBeGreaterThanOrEqual(
      BigInt(poisonSequence),
    );
    expect(failure?.KinesisBatchInfo.streamArn).toMatch(new RegExp(`:stream/${STREAM}$`));
  });
});
