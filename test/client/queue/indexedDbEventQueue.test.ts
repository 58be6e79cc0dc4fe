import { type IndexedDbFactory, indexedDbEventQueue } from '../../../lib/client/queue';
import { EventQueueStorageError } from '../../../lib/core/errors';

// The queue's behaviour on a real IndexedDB is tested in Chromium (test/browser/indexedDbEventQueue.test.ts);
// these cases need no browser: where there is no IndexedDB, and an open the browser refuses.
describe('indexedDbEventQueue without a working IndexedDB', () => {
  it('rejects each call, naming the database, where there is no indexedDB (Node, some React Native engines)', async () => {
    // Arrange
    const queue = indexedDbEventQueue({ databaseName: 'events-node' });

    // Act
    const load = queue.load();

    // Assert
    await expect(load).rejects.toThrow(EventQueueStorageError);
    await expect(load).rejects.toThrow(
      'Event queue in IndexedDB database "events-node": open failed: no indexedDB in this environment; pass options.indexedDB',
    );
  });

  it("rejects with the browser's error when the open fails, and tries to open again on the next call", async () => {
    // Arrange: a factory whose open requests fail as a browser's do when storage is blocked
    const opened: string[] = [];
    const factory: IndexedDbFactory = {
      open: (name) => {
        opened.push(name);
        const request = {
          result: undefined as never,
          error: new DOMException('The user denied permission to access the database.', 'UnknownError'),
          onsuccess: null,
          onerror: null as (() => void) | null,
          onupgradeneeded: null,
          onblocked: null,
        };
        setTimeout(() => request.onerror?.(), 0);
        return request;
      },
    };
    const queue = indexedDbEventQueue({ databaseName: 'denied', indexedDB: factory });

    // Act
    const first = queue.add([{ eventId: 'e1', partitionKey: 'k', data: new Uint8Array([1]) }]);
    await expect(first).rejects.toMatchObject({ operation: 'open' });
    const second = queue.load();

    // Assert
    await expect(second).rejects.toThrow(
      'Event queue in IndexedDB database "denied": open failed: UnknownError: The user denied permission to access the database.',
    );
    expect(opened).toEqual(['denied', 'denied']);
  });
});
