import { archiveRow } from '../../../lib/core/events';
import { SAMPLE_USERS, samplePayload } from '../../../lib/local/events/samplePayload';

const ALL_TYPES = {
  flag: 'boolean',
  tiny: 'tinyint',
  small: 'smallint',
  count: 'int',
  whole: 'integer',
  itemId: 'bigint',
  ratio: 'float',
  share: 'real',
  score: 'double',
  day: 'date',
  seenAt: 'timestamp',
  screen: 'string',
  blob: 'binary',
  price: 'decimal(12,2)',
  fraction: 'decimal(3,3)',
  units: 'decimal(38,0)',
  code: 'varchar(3)',
  grade: 'char(1)',
};

/** The sample's envelope as the client SDK would send it. */
function envelope(payload: Record<string, unknown>): string {
  return JSON.stringify({
    eventId: '00000000-0000-4000-8000-000000000001',
    name: 'item_viewed',
    clientTime: '2026-11-23T09:15:02.123Z',
    schemaVersion: 1,
    payload,
  });
}

describe('samplePayload', () => {
  it.each([0, 1, 7, 12_345, 999_999])(
    'gives every Athena type a value the archive accepts (event %i)',
    (index) => {
      // Arrange
      const stream = { partitionKeyField: 'userId', payloadFields: ALL_TYPES };

      // Act
      const payload = samplePayload(stream, index);
      const row = archiveRow({ data: envelope(payload), partitionKey: 'u-1', arrivalTime: 0 }, stream);

      // Assert
      for (const field of Object.keys(ALL_TYPES)) expect(row[field.toLowerCase()]).not.toBeNull();
    },
  );

  it('puts the partition key field in the payload as one of the sample users, with the event number', () => {
    // Act
    const payloads = [0, 1, SAMPLE_USERS + 1].map((index) =>
      samplePayload({ partitionKeyField: 'userId' }, index),
    );

    // Assert
    expect(payloads).toEqual([
      { userId: 'u-0', n: 0 },
      { userId: 'u-1', n: 1 },
      { userId: 'u-1', n: SAMPLE_USERS + 1 },
    ]);
  });

  it('leaves a partition key field that is an envelope field or a payload field to them', () => {
    // Act
    const byName = samplePayload({ partitionKeyField: 'name' }, 3);
    const byItem = samplePayload({ partitionKeyField: 'itemId', payloadFields: { itemId: 'bigint' } }, 3);

    // Assert
    expect(byName).toEqual({ n: 3 });
    expect(byItem).toEqual({ itemId: 1_000_003, n: 3 });
  });
});
