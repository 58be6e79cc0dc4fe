import { KafkajsEventProducer, kafkaClient } from '../../../lib/adapters/kafka';
import { KafkaProduceError } from '../../../lib/core/errors';
import type { KafkaMessage } from '../../../lib/core/events/kafkaMessage';
import { type KafkaMock, startKafkaMock } from '../../../lib/local/events/startKafkaMock';

let kafka: KafkaMock;
const producers: KafkajsEventProducer[] = [];

beforeAll(async () => {
  kafka = await startKafkaMock(1);
});

afterAll(async () => {
  await Promise.all(producers.map((producer) => producer.disconnect()));
  await kafka.stop();
});

function producer(): KafkajsEventProducer {
  const made = new KafkajsEventProducer(
    kafkaClient({
      brokers: kafka.bootstrapServers,
      clientId: 'producer-test',
      auth: 'none',
      region: 'eu-west-1',
      retry: { retries: 1, initialRetryTime: 50 },
      connectionTimeout: 500,
    }),
    { ackTimeoutMs: 2000 },
  );
  producers.push(made);
  return made;
}

function message(key: string, n: number): KafkaMessage {
  return {
    key,
    value: Buffer.from(JSON.stringify({ n, text: '중고 🚲' })),
    headers: {
      'datalake.kinesis.sequence': String(1000 + n),
      'datalake.kinesis.shard': 'shardId-000000000000',
      'datalake.kinesis.arrival': '2026-11-23T09:15:03.456Z',
      'datalake.event.id': `event-${n}`,
    },
  };
}

describe('KafkajsEventProducer', () => {
  it('stores every message with its key, bytes and headers, in send order for each key', async () => {
    // Arrange
    await kafka.createTopic('producer.order', 4);
    const sent = Array.from({ length: 600 }, (_, n) => message(`user-${n % 7}`, n));

    // Act
    await producer().send('producer.order', sent);
    const stored = await kafka.readTopic('producer.order');

    // Assert
    expect(stored).toHaveLength(600);
    const byKey = new Map<string, number[]>();
    for (const { key, value } of stored)
      byKey.set(key, [...(byKey.get(key) ?? []), JSON.parse(value.toString()).n]);
    for (const [key, numbers] of byKey) {
      expect(numbers).toEqual(sent.filter((m) => m.key === key).map((m) => JSON.parse(m.value.toString()).n));
    }
    const first = stored.find((m) => m.headers['datalake.event.id'] === 'event-0');
    expect(first?.value.toString()).toBe(JSON.stringify({ n: 0, text: '중고 🚲' }));
    expect(first?.headers).toEqual(message('user-0', 0).headers);
  });

  it('puts one key on one partition', async () => {
    // Arrange
    await kafka.createTopic('producer.partitions', 6);

    // Act
    await producer().send(
      'producer.partitions',
      Array.from({ length: 120 }, (_, n) => message(`user-${n % 12}`, n)),
    );
    const stored = await kafka.readTopic('producer.partitions');

    // Assert
    const partitionsOfKey = new Map<string, Set<number>>();
    for (const { key, partition } of stored)
      partitionsOfKey.set(key, (partitionsOfKey.get(key) ?? new Set()).add(partition));
    expect([...partitionsOfKey.values()].map((partitions) => partitions.size)).toEqual(Array(12).fill(1));
    expect(new Set(stored.map((m) => m.partition)).size).toBeGreaterThan(1);
  });

  it('fails with KafkaProduceError while the broker is down, then sends again once it is back', async () => {
    // Arrange
    await kafka.createTopic('producer.outage', 2);
    const relay = producer();
    await relay.send('producer.outage', [message('user-1', 1)]);
    await kafka.setBrokerDown(1);

    // Act
    const failed = relay.send('producer.outage', [message('user-1', 2), message('user-1', 3)]);
    await expect(failed).rejects.toThrow(KafkaProduceError);
    await expect(failed).rejects.toThrow(/did not acknowledge 2 messages for topic producer\.outage/);
    await kafka.setBrokerUp(1);
    await relay.send('producer.outage', [message('user-1', 2), message('user-1', 3)]);

    // Assert: what the failed send may have stored shows as duplicates, never as a gap
    const numbers = (await kafka.readTopic('producer.outage')).map((m) => JSON.parse(m.value.toString()).n);
    expect(numbers.slice(0, 1)).toEqual([1]);
    expect(numbers.slice(-2)).toEqual([2, 3]);
  });

  it('sends nothing and connects to nothing for an empty batch', async () => {
    // Arrange: a producer whose brokers do not exist
    const offline = new KafkajsEventProducer(
      kafkaClient({ brokers: ['127.0.0.1:1'], clientId: 'offline', auth: 'none', region: 'eu-west-1' }),
    );

    // Act
    const sent = offline.send('producer.none', []);

    // Assert
    await expect(sent).resolves.toBeUndefined();
  });
});
