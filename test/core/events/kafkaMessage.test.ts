import type { KinesisStreamRecord } from 'aws-lambda';
import { PoisonRecordError } from '../../../lib/core/errors';
import { KAFKA_HEADERS } from '../../../lib/core/events/kafkaHeaders';
import { kafkaMessage } from '../../../lib/core/events/kafkaMessage';
import { kinesisStreamRecord } from '../../../lib/local/events/kinesisStreamEvent';

const SEQUENCE = '49590338271490256608559692538361571095921575989136588898';
const source = {
  streamArn: 'arn:aws:kinesis:eu-west-1:123456789012:stream/app-events',
  shardId: 'shardId-000000000003',
};
const envelope = {
  eventId: '0b6c5a2e-5d1f-4a43-9a51-2c9b8e6f1d20',
  name: 'item_viewed',
  clientTime: '2026-11-23T09:15:02.123Z',
  schemaVersion: 1,
  payload: { userId: 'u-42', title: '중고 자전거 🚲' },
};

function record(
  data: Uint8Array | string,
  overrides: Partial<KinesisStreamRecord> = {},
): KinesisStreamRecord {
  return {
    ...kinesisStreamRecord(
      {
        Data: typeof data === 'string' ? Buffer.from(data) : data,
        PartitionKey: 'u-42',
        SequenceNumber: SEQUENCE,
        ApproximateArrivalTimestamp: new Date('2026-11-23T09:15:03.456Z'),
      },
      source,
    ),
    ...overrides,
  };
}

function poisonOf(input: KinesisStreamRecord): PoisonRecordError {
  try {
    kafkaMessage(input);
  } catch (error) {
    if (error instanceof PoisonRecordError) return error;
    throw error;
  }
  throw new Error('expected a PoisonRecordError');
}

describe('kafkaMessage', () => {
  it('keys the message by the partition key and keeps the record bytes unchanged', () => {
    // Arrange: key order and spacing the client chose, which a re-serialization would change
    const json = `{ "payload": ${JSON.stringify(envelope.payload)}, "eventId": "${envelope.eventId}", "name": "item_viewed", "clientTime": "${envelope.clientTime}", "schemaVersion": 1 }`;

    // Act
    const message = kafkaMessage(record(json));

    // Assert
    expect(message.key).toBe('u-42');
    expect(message.value.equals(Buffer.from(json))).toBe(true);
  });

  it('carries sequence number, shard, arrival time in ISO milliseconds and event id as headers', () => {
    // Act
    const message = kafkaMessage(record(JSON.stringify(envelope)));

    // Assert
    expect(message.headers).toEqual({
      [KAFKA_HEADERS.sequence]: SEQUENCE,
      [KAFKA_HEADERS.shard]: 'shardId-000000000003',
      [KAFKA_HEADERS.arrival]: '2026-11-23T09:15:03.456Z',
      [KAFKA_HEADERS.eventId]: envelope.eventId,
    });
  });

  it('names the headers as the consumer documentation does', () => {
    // Assert
    expect(KAFKA_HEADERS).toEqual({
      sequence: 'datalake.kinesis.sequence',
      shard: 'datalake.kinesis.shard',
      arrival: 'datalake.kinesis.arrival',
      eventId: 'datalake.event.id',
    });
  });

  it('refuses data that is not UTF-8 as a poison record naming sequence and shard', () => {
    // Act
    const error = poisonOf(record(new Uint8Array([0x7b, 0xff, 0xfe, 0x7d])));

    // Assert
    expect(error.sequenceNumber).toBe(SEQUENCE);
    expect(error.shardId).toBe('shardId-000000000003');
    expect(error.reason).toMatch(/^data is not UTF-8 JSON/);
  });

  it('refuses data that is not JSON', () => {
    // Act
    const error = poisonOf(record('item_viewed,u-42'));

    // Assert
    expect(error.reason).toMatch(/^data is not UTF-8 JSON \(Unexpected token/);
    expect(error.message).toContain(
      `Kinesis record ${SEQUENCE} on shardId-000000000003 is not a client event envelope`,
    );
  });

  it('refuses JSON that is not an envelope, naming each bad field', () => {
    // Arrange
    const bad = { ...envelope, eventId: 'not-a-uuid', payload: 'text' };

    // Act
    const error = poisonOf(record(JSON.stringify(bad)));

    // Assert
    expect(error.reason).toMatch(/^eventId: .+; payload: /);
  });

  it('refuses an envelope with an unknown key (the envelope is strict)', () => {
    // Act
    const error = poisonOf(record(JSON.stringify({ ...envelope, userId: 'u-42' })));

    // Assert
    expect(error.reason).toContain('userId');
  });

  it('refuses a record whose eventID does not hold its shard and sequence number', () => {
    // Act
    const error = poisonOf(record(JSON.stringify(envelope), { eventID: 'bogus' }));

    // Assert
    expect(error.shardId).toBeUndefined();
    expect(error.reason).toBe(`eventID "bogus" is not "shardId-…:${SEQUENCE}"`);
  });

  it('writes every arrival time as Date#toISOString does, across seconds, back and forth and rounded', () => {
    // Arrange: Kinesis gives fractional seconds; the relay keeps the text of the last second
    const arrivals = [
      1_795_000_000.0, 1_795_000_000.005, 1_795_000_000.099, 1_795_000_000.999, 1_795_000_000.9996,
      1_795_000_001.5, 1_794_999_999.25, 1_795_000_000.0004, 253_402_300_799.999, 0.001,
    ];

    // Act
    const headers = arrivals.map(
      (seconds) =>
        kafkaMessage({
          ...record(JSON.stringify(envelope)),
          kinesis: { ...record(JSON.stringify(envelope)).kinesis, approximateArrivalTimestamp: seconds },
        }).headers[KAFKA_HEADERS.arrival],
    );

    // Assert
    expect(headers).toEqual(arrivals.map((seconds) => new Date(Math.round(seconds * 1000)).toISOString()));
  });
});
