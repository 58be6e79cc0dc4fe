import { type BufferedEvent, RecordBatcher } from '../../lib/client';
import { bufferedEvent } from './factories';

/** A buffered event of `key` made at second `second` of a fixed minute. */
function eventAt(key: string, second: number): BufferedEvent {
  const record = bufferedEvent(key);
  const clientTime = `2026-11-23T09:15:${String(second).padStart(2, '0')}.000Z`;
  return { ...record, event: { ...record.event, clientTime } };
}

describe('RecordBatcher.held', () => {
  it('yields every event held, key by key, oldest first within a key', () => {
    // Arrange
    const batcher = new RecordBatcher();
    for (const [key, second] of [
      ['a', 1],
      ['b', 2],
      ['a', 3],
      ['b', 4],
    ] as const)
      batcher.add(eventAt(key, second));
    const [busyHead] = batcher.nextBatch(0);
    batcher.settle(busyHead);

    // Act
    const held = [...batcher.held()].map(
      (record) => `${record.partitionKey}@${record.event.clientTime.slice(17, 19)}`,
    );

    // Assert: a's first event was settled
    expect(held).toEqual(['a@03', 'b@02', 'b@04']);
  });
});

describe('RecordBatcher.dropOldest', () => {
  it('drops the oldest event by clientTime and keeps the counts', () => {
    // Arrange
    const batcher = new RecordBatcher();
    batcher.add(eventAt('a', 5));
    batcher.add(eventAt('b', 1));
    batcher.add(eventAt('b', 2));

    // Act
    const dropped = batcher.dropOldest();

    // Assert
    expect(dropped?.event.clientTime).toBe('2026-11-23T09:15:01.000Z');
    expect(batcher.records).toBe(2);
    expect(batcher.bytes).toBe(200);
    expect(batcher.nextBatch(0).map((record) => record.event.clientTime.slice(17, 19))).toEqual(['05', '02']);
  });

  it('never drops an event in a call: it takes the next event of that key', () => {
    // Arrange
    const batcher = new RecordBatcher();
    batcher.add(eventAt('a', 1));
    batcher.add(eventAt('a', 2));
    batcher.add(eventAt('b', 3));
    const [inCall] = batcher.nextBatch(0).filter((record) => record.partitionKey === 'a');

    // Act
    const dropped = batcher.dropOldest();

    // Assert
    expect(dropped?.event.clientTime.slice(17, 19)).toBe('02');
    batcher.settle(inCall);
    expect([...batcher.held()].map((record) => record.partitionKey)).toEqual(['b']);
  });

  it('answers undefined when every event held is in a call', () => {
    // Arrange
    const batcher = new RecordBatcher();
    batcher.add(eventAt('a', 1));
    batcher.nextBatch(0);

    // Act
    const dropped = batcher.dropOldest();

    // Assert
    expect(dropped).toBeUndefined();
    expect(batcher.records).toBe(1);
  });

  it('drops a head waiting for a retry and frees its key for the next event', () => {
    // Arrange
    const batcher = new RecordBatcher();
    batcher.add(eventAt('a', 1));
    batcher.add(eventAt('a', 2));
    const [head] = batcher.nextBatch(0);
    batcher.retry(head, 1_000);

    // Act
    const dropped = batcher.dropOldest();

    // Assert: the key's next event is sendable at once, not at the retry time
    expect(dropped).toBe(head);
    expect(batcher.nextRetryAt()).toBeUndefined();
    expect(batcher.nextBatch(0).map((record) => record.event.clientTime.slice(17, 19))).toEqual(['02']);
  });
});
