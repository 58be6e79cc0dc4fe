import { eventEnvelopeSchema, isPlainObject } from '../../../lib/core/events';

describe('isPlainObject', () => {
  it.each([
    ['an object literal', { a: 1 }, true],
    ['a parsed JSON object', JSON.parse('{"a":[1]}'), true],
    ['an object without prototype', Object.create(null), true],
    ['an array', [1], false],
    ['null', null, false],
    ['a string', 'text', false],
    ['a Date', new Date(0), false],
    ['a Map', new Map(), false],
  ])('%s: %s', (_, input, expected) => {
    expect(isPlainObject(input)).toBe(expected);
  });
});

describe('eventEnvelopeSchema payload', () => {
  const envelope = {
    eventId: '0b6c6f0e-2f1a-4c3e-9a57-6f6f1c2d3e4f',
    name: 'item_viewed',
    clientTime: '2026-11-23T09:15:02.123Z',
    schemaVersion: 1,
  };

  it('accepts a JSON object and passes it on as it is', () => {
    const payload = { itemId: 1234, tags: ['a'] };
    expect(eventEnvelopeSchema.parse({ ...envelope, payload }).payload).toBe(payload);
  });

  it.each([
    [[1, 2], 'received an array; allowed: a JSON object'],
    ['text', 'received "text"; allowed: a JSON object'],
    [null, 'received null; allowed: a JSON object'],
  ])('refuses %j, naming it', (payload, message) => {
    const issues = eventEnvelopeSchema.safeParse({ ...envelope, payload }).error?.issues;
    expect(issues?.map((issue) => `${issue.path.join('.')}: ${issue.message}`)).toEqual([
      `payload: ${message}`,
    ]);
  });
});
