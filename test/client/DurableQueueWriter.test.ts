import { DurableQueueWriter } from '../../lib/client/queue/DurableQueueWriter';
import type { QueuedEvent } from '../../lib/client/queue/EventQueueStorage';
import { EventQueueStorageError } from '../../lib/core/errors';
import { bufferedEvent } from './factories';
import { memoryEventQueue } from './memoryEventQueue';

/** A stored event as an earlier client wrote it: a JSON envelope, `note` making it larger. */
function storedEvent(eventId: string, partitionKey = 'a', note = ''): QueuedEvent {
  const envelope = {
    eventId,
    name: 'e',
    clientTime: '2026-12-07T10:00:00.000Z',
    schemaVersion: 1,
    payload: { note },
  };
  return { eventId, partitionKey, data: new TextEncoder().encode(JSON.stringify(envelope)) };
}

/** Lets the writer's next-task write and the storage's macrotask-delayed operations run. */
async function nextTasks(): Promise<void> {
  for (let turn = 0; turn < 5; turn += 1) await new Promise((done) => setTimeout(done, 0));
}

const unbounded = { maxBufferedRecords: 10_000, maxBufferedBytes: 16 * 1024 * 1024 };

describe('DurableQueueWriter', () => {
  it('writes the adds and removes of one task together, adds first', async () => {
    // Arrange
    const storage = memoryEventQueue();
    const writer = new DurableQueueWriter(storage, () => undefined, 1000);
    const [a, b, c] = [bufferedEvent('a'), bufferedEvent('b'), bufferedEvent('c')];

    // Act: b is added and settled within the task
    writer.add(a);
    writer.add(b);
    writer.add(c);
    writer.remove(b);
    const loggedInTask = [...storage.log];
    await nextTasks();

    // Assert
    expect(loggedInTask).toEqual([]);
    expect(storage.log).toEqual(['add:3', 'remove:1']);
    expect(storage.stored.map((event) => event.eventId)).toEqual([a.event.eventId, c.event.eventId]);
  });

  it('stores a record’s own bytes, not the slab its data views', async () => {
    // Arrange
    const storage = memoryEventQueue();
    const writer = new DurableQueueWriter(storage, () => undefined, 1000);
    const slab = new Uint8Array([1, 2, 3, 4, 5, 6]);
    const record = { ...bufferedEvent('a'), data: slab.subarray(2, 4) };

    // Act
    writer.add(record);
    await nextTasks();

    // Assert
    expect([...storage.stored[0].data]).toEqual([3, 4]);
  });

  it('writes at once on writeNow, without waiting for the next task', () => {
    // Arrange
    const storage = memoryEventQueue();
    const added: number[] = [];
    storage.add = async (events) => {
      added.push(events.length);
    };
    const writer = new DurableQueueWriter(storage, () => undefined, 1000);
    writer.add(bufferedEvent('a'));

    // Act
    writer.writeNow();

    // Assert
    expect(added).toEqual([1]);
  });

  it('reports a failed write to onQueueError', async () => {
    // Arrange
    const storage = memoryEventQueue();
    storage.failWith = new Error('QuotaExceededError');
    const errors: unknown[] = [];
    const writer = new DurableQueueWriter(storage, (error) => errors.push(error), 1000);

    // Act
    writer.add(bufferedEvent('a'));
    await nextTasks();

    // Assert
    expect(errors).toEqual([storage.failWith]);
  });

  it('loads the stored events oldest first, as buffered events with their eventId', async () => {
    // Arrange
    const storage = memoryEventQueue([storedEvent('id-1', 'a'), storedEvent('id-2', 'b')]);
    const writer = new DurableQueueWriter(storage, () => undefined, 1000);

    // Act
    const { records, dropped } = await writer.load(unbounded);

    // Assert
    expect(records.map((record) => [record.event.eventId, record.partitionKey, record.attempts])).toEqual([
      ['id-1', 'a', 0],
      ['id-2', 'b', 0],
    ]);
    expect(records[0].size).toBe(storage.stored[0].data.byteLength + 1);
    expect(dropped).toEqual([]);
  });

  it('keeps the newest events within the bounds and drops and removes the older ones', async () => {
    // Arrange: four stored events, room for two
    const storage = memoryEventQueue(['id-1', 'id-2', 'id-3', 'id-4'].map((id) => storedEvent(id)));
    const writer = new DurableQueueWriter(storage, () => undefined, 1000);

    // Act
    const { records, dropped } = await writer.load({ ...unbounded, maxBufferedRecords: 2 });
    await nextTasks();

    // Assert
    expect(records.map((record) => record.event.eventId)).toEqual(['id-3', 'id-4']);
    expect(dropped.map((failure) => failure.event.eventId)).toEqual(['id-1', 'id-2']);
    expect(dropped[0].reason).toMatch(/over the buffer's bounds \(maxBufferedRecords 2,/);
    expect(storage.stored.map((event) => event.eventId)).toEqual(['id-3', 'id-4']);
  });

  it('trims to maxBufferedBytes too, stopping at the first event that does not fit', async () => {
    // Arrange: the newest is small, the one before large
    const storage = memoryEventQueue([
      storedEvent('id-1'),
      storedEvent('id-2', 'a', 'x'.repeat(500)),
      storedEvent('id-3'),
    ]);
    const writer = new DurableQueueWriter(storage, () => undefined, 1000);
    const newestSize = storage.stored[2].data.byteLength + 1;

    // Act
    const { records, dropped } = await writer.load({ ...unbounded, maxBufferedBytes: newestSize + 200 });

    // Assert
    expect(records.map((record) => record.event.eventId)).toEqual(['id-3']);
    expect(dropped.map((failure) => failure.event.eventId)).toEqual(['id-1', 'id-2']);
  });

  it('reports and removes a stored event that is no JSON envelope', async () => {
    // Arrange
    const broken = { eventId: 'id-bad', partitionKey: 'a', data: new TextEncoder().encode('{not json') };
    const storage = memoryEventQueue([broken, storedEvent('id-2')]);
    const errors: unknown[] = [];
    const writer = new DurableQueueWriter(storage, (error) => errors.push(error), 1000);

    // Act
    const { records } = await writer.load(unbounded);
    await nextTasks();

    // Assert
    expect(records.map((record) => record.event.eventId)).toEqual(['id-2']);
    expect(errors).toEqual([expect.any(SyntaxError)]);
    expect(storage.stored.map((event) => event.eventId)).toEqual(['id-2']);
  });

  it('reports a failed load and gives nothing back', async () => {
    // Arrange
    const storage = memoryEventQueue([storedEvent('id-1')]);
    storage.failWith = new Error('UnknownError');
    const errors: unknown[] = [];
    const writer = new DurableQueueWriter(storage, (error) => errors.push(error), 1000);

    // Act
    const loaded = await writer.load(unbounded);

    // Assert
    expect(loaded).toEqual({ records: [], dropped: [], timedOut: false });
    expect(errors).toEqual([storage.failWith]);
  });

  it('gives up a load that does not settle within the wait and reports it, leaving the stored events', async () => {
    // Arrange: a storage whose load never settles, as an IndexedDB open blocked by another tab
    const storage = memoryEventQueue([storedEvent('id-1')]);
    storage.load = () => new Promise(() => undefined);
    const errors: unknown[] = [];
    const writer = new DurableQueueWriter(storage, (error) => errors.push(error), 20);

    // Act
    const loaded = await writer.load(unbounded);

    // Assert
    expect(loaded).toEqual({ records: [], dropped: [], timedOut: true });
    expect(errors).toEqual([expect.any(EventQueueStorageError)]);
    expect(errors[0]).toMatchObject({ operation: 'load' });
    expect(String(errors[0])).toMatch(/load failed: no answer within 20 ms \(queueLoadTimeoutMs\)/);
    expect(storage.stored.map((event) => event.eventId)).toEqual(['id-1']);
  });

  it('reports nothing when the load settles within the wait', async () => {
    // Arrange
    const storage = memoryEventQueue([storedEvent('id-1')]);
    const errors: unknown[] = [];
    const writer = new DurableQueueWriter(storage, (error) => errors.push(error), 20);

    // Act: wait past the timeout after the load
    const loaded = await writer.load(unbounded);
    await new Promise((done) => setTimeout(done, 40));

    // Assert
    expect(loaded.timedOut).toBe(false);
    expect(loaded.records).toHaveLength(1);
    expect(errors).toEqual([]);
  });
});
