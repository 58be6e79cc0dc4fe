import { webcrypto } from 'node:crypto';
import * as z from 'zod';
import { buildRecord, KINESIS_LIMITS } from '../../lib/client';
import { EventEnvelopeError, RecordTooLargeError } from '../../lib/core/errors';
import { eventEnvelopeSchema } from '../../lib/core/events';
import { withGlobalCrypto } from './withGlobalCrypto';

const payloadSchema = z.object({ userId: z.string(), itemId: z.int(), note: z.string().optional() });
const settings = {
  payloadSchema,
  schemaVersion: 3,
  partitionKeyField: 'userId',
  now: Date.UTC(2026, 10, 23, 9, 15, 2, 123),
};

/** A payload whose record is exactly `size` bytes (data + key "u-1"). */
function payloadOfSize(size: number) {
  const probe = buildRecord('item_viewed', { userId: 'u-1', itemId: 1, note: '' }, settings);
  return { userId: 'u-1', itemId: 1, note: 'x'.repeat(size - probe.size) };
}

describe('buildRecord', () => {
  it('wraps the payload in a valid envelope keyed by the partition key field', () => {
    // Arrange
    const payload = { userId: 'u-42', itemId: 1234 };

    // Act
    const record = buildRecord('item_viewed', payload, settings);

    // Assert
    const decoded = JSON.parse(new TextDecoder().decode(record.data));
    expect(eventEnvelopeSchema.safeParse(decoded).success).toBe(true);
    expect(decoded).toEqual({
      eventId: record.event.eventId,
      name: 'item_viewed',
      clientTime: '2026-11-23T09:15:02.123Z',
      schemaVersion: 3,
      payload,
    });
    expect(record.partitionKey).toBe('u-42');
  });

  it('counts data plus the partition key UTF-8 bytes as the size', () => {
    // Arrange
    const payload = { userId: '사용자', itemId: 1 };

    // Act
    const record = buildRecord('item_viewed', payload, settings);

    // Assert
    expect(record.size).toBe(record.data.byteLength + 9);
  });

  it('gives each event its own eventId', () => {
    // Arrange / Act
    const ids = new Set(
      [1, 2, 3].map((itemId) => buildRecord('x', { userId: 'u', itemId }, settings).event.eventId),
    );

    // Assert
    expect(ids.size).toBe(3);
  });

  it('makes the eventId without crypto.randomUUID (a page served over plain http has none)', () => {
    // Arrange: getRandomValues only, as in an insecure browser context
    const insecureCrypto = { getRandomValues: (array: Uint8Array) => webcrypto.getRandomValues(array) };

    // Act
    const record = withGlobalCrypto(insecureCrypto, () =>
      buildRecord('item_viewed', { userId: 'u-42', itemId: 1 }, settings),
    );

    // Assert
    expect(record.event.eventId).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
  });

  it("uses the app's own ids from settings.newEventId", () => {
    // Arrange
    const appIds = ['0190a6e4-5b7c-7d2e-8f00-0000000000a1', '0190a6e4-5b7c-7d2e-8f00-0000000000a2'];
    const pending = [...appIds];
    const newEventId = (): string => pending.shift() ?? 'none left';

    // Act
    const records = [1, 2].map((itemId) =>
      buildRecord('item_viewed', { userId: 'u-42', itemId }, { ...settings, newEventId }),
    );

    // Assert
    expect(records.map((record) => record.event.eventId)).toEqual(appIds);
    const decoded = JSON.parse(new TextDecoder().decode(records[0].data));
    expect(decoded.eventId).toBe(appIds[0]);
  });

  it.each([
    ['a string that is no UUID', 'order-42', '"order-42"'],
    ['a number', 42, '42'],
  ])('refuses an app id that is %s, naming the eventId field', (_, badId, shown) => {
    // Arrange
    const newEventId = () => badId as string;

    // Act
    const act = () => buildRecord('item_viewed', { userId: 'u-42', itemId: 1 }, { ...settings, newEventId });

    // Assert
    expect(act).toThrow(EventEnvelopeError);
    expect(act).toThrow(`Event item_viewed: newEventId() returned ${shown}; allowed: a UUID (RFC 9562`);
    expect(() => act()).toThrow(expect.objectContaining({ field: 'eventId' }));
  });

  it('refuses a payload its schema refuses, naming the field', () => {
    // Arrange
    const payload = { userId: 'u-42', itemId: 'not a number' };

    // Act
    const act = () => buildRecord('item_viewed', payload, settings);

    // Assert
    expect(act).toThrow(EventEnvelopeError);
    expect(act).toThrow(/item_viewed .*payload refused by its schema: payload\.itemId: /);
    try {
      act();
    } catch (error) {
      expect((error as EventEnvelopeError).field).toBe('payload.itemId');
    }
  });

  it('refuses an event name the envelope does not allow', () => {
    // Arrange / Act
    const act = () => buildRecord('item viewed', { userId: 'u', itemId: 1 }, settings);

    // Assert
    expect(act).toThrow(/name: received "item viewed"; allowed: a letter/);
  });

  it('refuses an event without its partition key', () => {
    // Arrange
    const settingsByItem = { ...settings, partitionKeyField: 'sessionId' };

    // Act
    const act = () => buildRecord('item_viewed', { userId: 'u', itemId: 1 }, settingsByItem);

    // Assert
    expect(act).toThrow(/partition key field "sessionId" is missing/);
  });

  it('refuses a payload that is not a plain object, as the envelope requires', () => {
    // Arrange: a schema that lets anything through
    const anything = { ...settings, payloadSchema: z.any() as z.ZodType<Record<string, unknown>> };

    // Act
    const act = () => buildRecord('item_viewed', ['u-42'], anything);

    // Assert
    expect(act).toThrow(/item_viewed .*payload: /);
    try {
      act();
    } catch (error) {
      expect((error as EventEnvelopeError).field).toBe('payload');
    }
  });

  it('refuses a clock past year 9999, whose ISO time the envelope does not allow', () => {
    // Arrange
    const farFuture = { ...settings, now: Date.UTC(10_000, 0, 1) };

    // Act
    const act = () => buildRecord('item_viewed', { userId: 'u', itemId: 1 }, farFuture);

    // Assert
    expect(act).toThrow(/clientTime: /);
  });

  it('refuses a schema version below 1', () => {
    // Arrange / Act
    const act = () =>
      buildRecord('item_viewed', { userId: 'u', itemId: 1 }, { ...settings, schemaVersion: 0 });

    // Assert
    expect(act).toThrow(/schemaVersion: /);
  });

  it('checks a valid event without walking its payload a second time with the envelope schema', () => {
    // Arrange: the app's schema walked the payload already; the envelope's record check repeated it
    const envelopeParse = jest.spyOn(eventEnvelopeSchema, 'safeParse');

    // Act
    buildRecord('item_viewed', { userId: 'u-42', itemId: 1234 }, settings);

    // Assert
    expect(envelopeParse).not.toHaveBeenCalled();
    envelopeParse.mockRestore();
  });

  it('accepts a record of exactly 1 MiB (data + key)', () => {
    // Arrange
    const payload = payloadOfSize(KINESIS_LIMITS.maxRecordBytes);

    // Act
    const record = buildRecord('item_viewed', payload, settings);

    // Assert
    expect(record.size).toBe(KINESIS_LIMITS.maxRecordBytes);
  });

  it('refuses a record one byte over 1 MiB, naming the event and its size', () => {
    // Arrange
    const payload = payloadOfSize(KINESIS_LIMITS.maxRecordBytes + 1);

    // Act
    const act = () => buildRecord('item_viewed', payload, settings);

    // Assert
    expect(act).toThrow(RecordTooLargeError);
    expect(act).toThrow(/Event item_viewed \(.+\) is 1048577 bytes .*allowed: at most 1048576 bytes/);
  });
});
