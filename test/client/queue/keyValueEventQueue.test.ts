import type { QueuedEvent } from '../../../lib/client/queue';
import { type KeyValueStore, keyValueEventQueue } from '../../../lib/client/queue';
import { EventQueueStorageError } from '../../../lib/core/errors';

/** AsyncStorage's shape over a Map; each call settles on a later macrotask, as a native bridge does. */
class MapStore implements KeyValueStore {
  public readonly values = new Map<string, string>();
  public writes = 0;
  public failNextWrite: Error | undefined;

  public async getItem(key: string): Promise<string | null> {
    await tick();
    return this.values.get(key) ?? null;
  }

  public async setItem(key: string, value: string): Promise<void> {
    await tick();
    const failure = this.failNextWrite;
    this.failNextWrite = undefined;
    if (failure) throw failure;
    this.writes += 1;
    this.values.set(key, value);
  }

  public async removeItem(key: string): Promise<void> {
    await tick();
    this.writes += 1;
    this.values.delete(key);
  }
}

function tick(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.random() * 3));
}

const encoder = new TextEncoder();

function queued(index: number, key = `user-${index % 3}`): QueuedEvent {
  return {
    eventId: `00000000-0000-4000-8000-${String(index).padStart(12, '0')}`,
    partitionKey: key,
    data: encoder.encode(JSON.stringify({ index, text: 'é😀' })),
  };
}

function ids(events: readonly QueuedEvent[]): string[] {
  return events.map((event) => event.eventId);
}

describe('keyValueEventQueue', () => {
  it('loads events in the order they were added, with their bytes, in a new instance (a restart)', async () => {
    // Arrange
    const store = new MapStore();
    const events = Array.from({ length: 5 }, (_, index) => queued(index));
    const first = keyValueEventQueue(store, { key: 'queue-a' });
    await first.add(events.slice(0, 2));
    await first.add(events.slice(2));

    // Act
    const loaded = await keyValueEventQueue(store, { key: 'queue-a' }).load();

    // Assert
    expect(loaded).toEqual(events);
    expect([...store.values.keys()]).toEqual(['queue-a']);
  });

  it('stores a view of a larger buffer by its own bytes only', async () => {
    // Arrange: records of the client are views of shared slabs
    const store = new MapStore();
    const slab = encoder.encode('xxxx{"a":1}yyyy');
    const event = { eventId: 'e1', partitionKey: 'k', data: slab.subarray(4, 11) };

    // Act
    await keyValueEventQueue(store).add([event]);
    const loaded = await keyValueEventQueue(store).load();

    // Assert
    expect(new TextDecoder().decode(loaded[0].data)).toBe('{"a":1}');
    expect(loaded[0].data.byteLength).toBe(7);
  });

  it('removes by eventId, ignores unknown ids, and deletes the key once empty', async () => {
    // Arrange
    const store = new MapStore();
    const queue = keyValueEventQueue(store);
    const events = Array.from({ length: 4 }, (_, index) => queued(index));
    await queue.add(events);

    // Act
    await queue.remove([events[1].eventId, 'not-stored']);
    const afterOne = await keyValueEventQueue(store).load();
    await queue.remove(ids(events));

    // Assert
    expect(ids(afterOne)).toEqual(ids([events[0], events[2], events[3]]));
    expect(store.values.size).toBe(0);
    expect(await keyValueEventQueue(store).load()).toEqual([]);
  });

  it('applies concurrent adds and removes in call order without losing one', async () => {
    // Arrange
    const store = new MapStore();
    const queue = keyValueEventQueue(store);
    const events = Array.from({ length: 200 }, (_, index) => queued(index));

    // Act: every call started before any settles; removes of even events follow their adds
    const calls: Promise<void>[] = [];
    for (const event of events) {
      calls.push(queue.add([event]));
      const index = events.indexOf(event);
      if (index % 2 === 1) calls.push(queue.remove([events[index - 1].eventId]));
    }
    await Promise.all(calls);

    // Assert: exactly the odd events, in order, as a fresh instance reads them
    const expected = events.filter((_, index) => index % 2 === 1);
    expect(ids(await keyValueEventQueue(store).load())).toEqual(ids(expected));
  });

  it('rejects a call whose write fails, keeps the queue as it was and serves the next calls', async () => {
    // Arrange
    const store = new MapStore();
    const queue = keyValueEventQueue(store, { key: 'queue-full' });
    await queue.add([queued(1)]);
    store.failNextWrite = new Error('database or disk is full');

    // Act
    const failed = queue.add([queued(2)]);
    const next = queue.add([queued(3)]);

    // Assert
    await expect(failed).rejects.toThrow(
      'Event queue in key "queue-full" of the key-value store: add failed: Error: database or disk is full',
    );
    await next;
    expect(ids(await queue.load())).toEqual(ids([queued(1), queued(3)]));
    expect(ids(await keyValueEventQueue(store, { key: 'queue-full' }).load())).toEqual(
      ids([queued(1), queued(3)]),
    );
  });

  it.each([
    ['text that is not JSON', '{"version":1,"events":[', /its value is not JSON/],
    ['JSON of another shape', '["a"]', /its value is not \{"version":1,"events":\[…\]\}/],
    [
      'an event without a partition key',
      '{"version":1,"events":[{"eventId":"e1","data":"YQ=="}]}',
      /events\[0\] has no eventId and partitionKey strings/,
    ],
    [
      'data that is not base64',
      '{"version":1,"events":[{"eventId":"e1","partitionKey":"k","data":"%%"}]}',
      /events\[0\] \(e1\): data is not base64/,
    ],
  ])(
    'refuses %s under its key, naming the key, and neither drops nor overwrites it',
    async (_, stored, reason) => {
      // Arrange
      const store = new MapStore();
      store.values.set('queue-b', stored);
      const queue = keyValueEventQueue(store, { key: 'queue-b' });

      // Act
      const load = queue.load();
      const add = queue.add([queued(1)]);

      // Assert
      await expect(load).rejects.toThrow(EventQueueStorageError);
      await expect(load).rejects.toThrow(
        /^Event queue in key "queue-b" of the key-value store: load failed: /,
      );
      await expect(load).rejects.toThrow(reason);
      await expect(add).rejects.toMatchObject({
        operation: 'add',
        store: 'key "queue-b" of the key-value store',
      });
      expect(store.values.get('queue-b')).toBe(stored);
    },
  );

  it('reads the key once: later calls use the queue it keeps', async () => {
    // Arrange
    const store = new MapStore();
    const reads = jest.spyOn(store, 'getItem');
    const queue = keyValueEventQueue(store);

    // Act
    await queue.add([queued(1)]);
    await queue.add([queued(2)]);
    await queue.load();

    // Assert
    expect(reads).toHaveBeenCalledTimes(1);
  });
});
