import { EventEnvelopeError } from '../../../lib/core/errors';
import { type ArchiveRecord, archiveRow } from '../../../lib/core/events';

const envelope = {
  eventId: '0b6c6f1e-4d7a-4c57-9a43-2f1d1f0f6a10',
  name: 'item_viewed',
  clientTime: '2026-11-23T18:15:02.123+09:00',
  schemaVersion: 2,
  payload: { userId: 'u-42', itemId: 1234, price: '19.99', nested: { a: [1, 2] } },
};

function record(data: unknown, overrides: Partial<ArchiveRecord> = {}): ArchiveRecord {
  return {
    data: typeof data === 'string' ? data : JSON.stringify(data),
    partitionKey: 'u-42',
    arrivalTime: Date.parse('2026-11-23T09:15:03.456Z'),
    ...overrides,
  };
}

describe('archiveRow', () => {
  it('flattens the envelope, the arrival time and the payload JSON into UTC, lower-case columns', () => {
    // Act
    const row = archiveRow(record(envelope), {});

    // Assert
    expect(row).toEqual({
      event_id: envelope.eventId,
      event_name: 'item_viewed',
      client_time: '2026-11-23T09:15:02.123Z',
      schema_version: 2,
      partition_key: 'u-42',
      arrival_time: '2026-11-23T09:15:03.456Z',
      payload: JSON.stringify(envelope.payload),
    });
  });

  it('adds each payload field under its lower-case column, fitted to its type, null when absent', () => {
    // Act
    const row = archiveRow(record(envelope), {
      payloadFields: { itemId: 'bigint', price: 'decimal(10,2)', couponCode: 'string' },
    });

    // Assert
    expect(row).toMatchObject({ itemid: 1234, price: '19.99', couponcode: null });
  });

  it('fails a record whose payload field does not fit its type, naming event, field, type and value', () => {
    // Arrange
    const bad = { ...envelope, payload: { ...envelope.payload, itemId: 'twelve' } };

    // Act
    const attempt = () => archiveRow(record(bad), { payloadFields: { itemId: 'bigint' } });

    // Assert
    expect(attempt).toThrow(EventEnvelopeError);
    expect(attempt).toThrow(
      /Event 0b6c6f1e-4d7a-4c57-9a43-2f1d1f0f6a10 \(item_viewed\): payload field "itemId" does not fit its column type bigint: got "twelve"/,
    );
  });

  it('fails a record that is not JSON', () => {
    expect(() => archiveRow(record('{"eventId": '), {})).toThrow(
      /Record is not JSON .*allowed: one event envelope as JSON/,
    );
  });

  it('fails JSON that is not an envelope, naming each bad field and keeping the event id', () => {
    // Arrange
    const bad = { ...envelope, clientTime: 'yesterday', extra: true };

    // Act
    let error: unknown;
    try {
      archiveRow(record(bad), {});
    } catch (caught) {
      error = caught;
    }

    // Assert
    expect(error).toBeInstanceOf(EventEnvelopeError);
    expect((error as EventEnvelopeError).message).toMatch(
      /not a valid event envelope: .*clientTime: .*\(envelope\): /,
    );
    expect((error as EventEnvelopeError).eventId).toBe(envelope.eventId);
  });

  it.each([['null'], ['[1,2]'], ['"text"'], ['42']])('fails the JSON value %s', (data) => {
    expect(() => archiveRow(record(data), {})).toThrow(/not a valid event envelope/);
  });
});
