import type { KinesisStreamEvent } from 'aws-lambda';
import type { EventProducer } from '../../../lib/adapters/kafka';
import type { MetricsPublisher } from '../../../lib/adapters/metrics';
import { KafkaProduceError } from '../../../lib/core/errors';
import type { KafkaMessage } from '../../../lib/core/events/kafkaMessage';
import type { MetricValues } from '../../../lib/core/metrics';
import { kinesisStreamEvent } from '../../../lib/local/events/kinesisStreamEvent';
import { relayTask } from '../../../lib/tasks/relay/relayTask';

const source = {
  streamArn: 'arn:aws:kinesis:eu-west-1:123456789012:stream/app-events',
  shardId: 'shardId-000000000000',
};

function envelope(n: number, userId: string): string {
  return JSON.stringify({
    eventId: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
    name: 'item_viewed',
    clientTime: '2026-11-23T09:15:02.123Z',
    schemaVersion: 1,
    payload: { userId, n },
  });
}

/** A batch whose record i has sequence number 100 + i and data `data[i]`. */
function batch(data: readonly string[]): KinesisStreamEvent {
  return kinesisStreamEvent(
    data.map((text, i) => ({
      Data: Buffer.from(text),
      PartitionKey: `user-${i % 3}`,
      SequenceNumber: String(100 + i),
      ApproximateArrivalTimestamp: new Date('2026-11-23T09:15:03.000Z'),
    })),
    source,
  );
}

function recorder(fail?: Error) {
  const sends: Array<{ topic: string; messages: readonly KafkaMessage[] }> = [];
  const errors: Array<Record<string, unknown>> = [];
  const producer: EventProducer = {
    send: async (topic, messages) => {
      sends.push({ topic, messages });
      if (fail) throw fail;
    },
    disconnect: async () => undefined,
  };
  const logger = {
    error: (_: string, extra: Record<string, unknown>) => errors.push(extra),
    info: () => undefined,
  };
  const published: Array<{ dimensions: unknown; values: MetricValues }> = [];
  const metrics: MetricsPublisher = {
    publish: (dimensions, values) => published.push({ dimensions, values }),
  };
  const settings = { KAFKA_TOPIC: 'app.events', STREAM_NAME: 'app-events' };
  return { sends, errors, published, dependencies: { producer, settings, logger, metrics } };
}

describe('relayTask', () => {
  it('sends all records in one send, in Kinesis order, and reports no failure', async () => {
    // Arrange
    const { sends, dependencies } = recorder();
    const event = batch([0, 1, 2, 3, 4].map((n) => envelope(n, `user-${n % 3}`)));

    // Act
    const response = await relayTask(event, dependencies);

    // Assert
    expect(response).toEqual({ batchItemFailures: [] });
    expect(sends).toHaveLength(1);
    expect(sends[0]?.topic).toBe('app.events');
    expect(sends[0]?.messages.map((m) => m.headers['datalake.kinesis.sequence'])).toEqual([
      '100',
      '101',
      '102',
      '103',
      '104',
    ]);
  });

  it('reports poison records by sequence number and still sends the good records around them', async () => {
    // Arrange
    const { sends, errors, published, dependencies } = recorder();
    const event = batch([
      envelope(0, 'a'),
      'not json',
      envelope(2, 'b'),
      '{"eventId":"x"}',
      envelope(4, 'c'),
    ]);

    // Act
    const response = await relayTask(event, dependencies);

    // Assert
    expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: '101' }, { itemIdentifier: '103' }] });
    expect(sends[0]?.messages.map((m) => m.headers['datalake.kinesis.sequence'])).toEqual([
      '100',
      '102',
      '104',
    ]);
    expect(errors).toEqual([
      {
        sequenceNumber: '101',
        shardId: 'shardId-000000000000',
        reason: expect.stringMatching(/^data is not UTF-8 JSON/),
      },
      { sequenceNumber: '103', shardId: 'shardId-000000000000', reason: expect.stringMatching(/^eventId: /) },
    ]);
    expect(published).toEqual([{ dimensions: { Stream: 'app-events' }, values: { poisonEvents: 2 } }]);
  });

  it('answers a batch of poison records only with every sequence number instead of throwing', async () => {
    // Arrange
    const { sends, dependencies } = recorder();

    // Act
    const response = await relayTask(batch(['[]', 'null']), dependencies);

    // Assert
    expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: '100' }, { itemIdentifier: '101' }] });
    expect(sends[0]?.messages).toEqual([]);
  });

  it('fails the whole invocation when Kafka does not acknowledge, so Lambda retries the batch', async () => {
    // Arrange
    const { dependencies } = recorder(new KafkaProduceError({ topic: 'app.events', messages: 2 }));

    // Act
    const relayed = relayTask(batch([envelope(0, 'a'), envelope(1, 'b')]), dependencies);

    // Assert
    await expect(relayed).rejects.toThrow(KafkaProduceError);
  });

  it('refuses an event that is not a Kinesis event, naming the field, before sending anything', async () => {
    // Arrange: what Lambda never sends, a record without its kinesis payload
    const { sends, dependencies } = recorder();
    const [record] = batch([envelope(0, 'a')]).Records;
    const { kinesis: _dropped, ...withoutPayload } = record ?? { kinesis: undefined };

    // Act
    const relayed = relayTask({ Records: [withoutPayload] }, dependencies);

    // Assert
    await expect(relayed).rejects.toThrow(/Records.*0.*kinesis/s);
    expect(sends).toEqual([]);
  });
});
