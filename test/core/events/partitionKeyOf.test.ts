import { EventEnvelopeError } from '../../../lib/core/errors';
import { type EventEnvelope, eventEnvelopeSchema, partitionKeyOf } from '../../../lib/core/events';

const event: EventEnvelope = {
  eventId: '0b6c6f1e-4d7a-4c57-9a43-2f1d1f0f6a10',
  name: 'item_viewed',
  clientTime: '2026-11-23T09:15:02.123Z',
  schemaVersion: 1,
  payload: { userId: 'u-42', itemId: 1234, nested: { a: 1 } },
};

describe('partitionKeyOf', () => {
  it('reads the field from the payload', () => {
    expect(partitionKeyOf(event, 'userId')).toBe('u-42');
  });

  it('reads an envelope field before the payload', () => {
    expect(partitionKeyOf(event, 'name')).toBe('item_viewed');
  });

  it('turns a number into its text', () => {
    expect(partitionKeyOf(event, 'itemId')).toBe('1234');
  });

  it('names the event and the field when the field is missing', () => {
    expect(() => partitionKeyOf(event, 'deviceId')).toThrow(
      /Event 0b6c6f1e-4d7a-4c57-9a43-2f1d1f0f6a10 \(item_viewed\): partition key field "deviceId" is missing/,
    );
  });

  it('refuses an object value', () => {
    expect(() => partitionKeyOf(event, 'nested')).toThrow(EventEnvelopeError);
  });

  it('refuses a key longer than 256 characters', () => {
    // Arrange
    const long = { ...event, payload: { userId: 'x'.repeat(257) } };
    // Act / Assert
    expect(() => partitionKeyOf(long, 'userId')).toThrow(/257 characters; allowed: 1 to 256/);
  });
});

describe('eventEnvelopeSchema', () => {
  it('accepts a well-formed envelope', () => {
    expect(eventEnvelopeSchema.parse(event)).toEqual(event);
  });

  it('refuses a client time without milliseconds and an unknown key, naming both', () => {
    // Act
    const result = eventEnvelopeSchema.safeParse({ ...event, clientTime: '2026-11-23T09:15:02Z', extra: 1 });
    // Assert
    expect(result.success).toBe(false);
    const paths = result.error?.issues.map((issue) => issue.path.join('.') || issue.code);
    expect(paths).toEqual(expect.arrayContaining(['clientTime', 'unrecognized_keys']));
  });

  it('names the bad event name and what is allowed', () => {
    const result = eventEnvelopeSchema.safeParse({ ...event, name: 'item viewed' });
    expect(result.error?.issues[0]?.message).toMatch(/received "item viewed"; allowed: a letter/);
  });
});
