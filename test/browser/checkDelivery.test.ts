import { checkDelivery } from './checkDelivery';
import type { DeliveredEvent } from './readEvents';

/** A delivered event of `key` with payload seq `seq`; its id is derived from both unless given. */
function delivered(
  key: string,
  seq: number,
  eventId = `00000000-0000-4000-8000-${key.padStart(6, '0')}${String(seq).padStart(6, '0')}`,
): DeliveredEvent {
  return {
    shardId: 'shardId-000000000000',
    partitionKey: key,
    event: {
      eventId,
      name: 'item_viewed',
      clientTime: '2026-12-07T18:00:00.000Z',
      schemaVersion: 1,
      payload: { seq },
    },
  };
}

describe('checkDelivery', () => {
  it('finds nothing wrong when every event arrived once, in order per key (keys interleaved)', () => {
    // Arrange
    const events = [delivered('a', 0), delivered('b', 0), delivered('a', 1), delivered('b', 1)];

    // Act
    const problems = checkDelivery(events, { perKey: { a: 2, b: 2 } });

    // Assert
    expect(problems).toEqual([]);
  });

  it('reports a missing event with the key and what was read', () => {
    // Arrange
    const events = [delivered('a', 0), delivered('a', 2)];

    // Act
    const problems = checkDelivery(events, { perKey: { a: 3 } });

    // Assert
    expect(problems).toEqual(['key a: expected seq 0..2 once each in order, read [0, 2] (2)']);
  });

  it('reports events of one key out of order', () => {
    // Arrange
    const events = [delivered('a', 1), delivered('a', 0)];

    // Act
    const problems = checkDelivery(events, { perKey: { a: 2 } });

    // Assert
    expect(problems).toEqual(['key a: expected seq 0..1 once each in order, read [1, 0] (2)']);
  });

  it('reports an event delivered twice, by its id and as an extra in its key', () => {
    // Arrange
    const events = [delivered('a', 0), delivered('a', 1), delivered('a', 1)];

    // Act
    const problems = checkDelivery(events, { perKey: { a: 2 } });

    // Assert
    expect(problems).toEqual([
      'event id 00000000-0000-4000-8000-00000a000001 delivered more than once',
      'key a: expected seq 0..1 once each in order, read [0, 1, 1] (3)',
    ]);
  });

  it('reports a key that was not expected and a key that never arrived', () => {
    // Arrange
    const events = [delivered('x', 0)];

    // Act
    const problems = checkDelivery(events, { perKey: { a: 1 } });

    // Assert
    expect(problems).toEqual([
      'key a: expected seq 0..0 once each in order, read [] (0)',
      'key x: not expected, read [0] (1)',
    ]);
  });

  it('reads the sequence from the field it is told and shortens long sequences around the first gap', () => {
    // Arrange: n counts 0..29 with 17 missing
    const events = Array.from({ length: 30 }, (_, n) => n)
      .filter((n) => n !== 17)
      .map((n) => ({ ...delivered('a', n), event: { ...delivered('a', n).event, payload: { n } } }));

    // Act
    const problems = checkDelivery(events, { perKey: { a: 30 }, sequenceField: 'n' });

    // Assert
    expect(problems).toEqual([
      'key a: expected n 0..29 once each in order, read 29 events, from index 14: [14, 15, 16, 18, 19, 20, 21, 22, …]',
    ]);
  });
});
