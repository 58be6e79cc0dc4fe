import { type EventQueueOperation, EventQueueStorageError } from '../../core/errors';
import type { EventQueueStorage, QueuedEvent } from './EventQueueStorage';
import type { IndexedDbDatabase, IndexedDbFactory, IndexedDbTransaction } from './IndexedDbFactory';

/** Options of {@link indexedDbEventQueue}. */
export interface IndexedDbEventQueueOptions {
  /**
   * The IndexedDB database holding the queue; give each stream (each `EventClient`) its own.
   *
   * @default 'datalake-events'
   */
  readonly databaseName?: string;
  /**
   * Where to open it.
   *
   * @default globalThis.indexedDB (a page's or a worker's)
   */
  readonly indexedDB?: IndexedDbFactory;
}

const STORE = 'events';
const EVENT_ID_INDEX = 'eventId';
const VERSION = 1;

/** What one row of the object store holds (its key is the store's auto-increment number). */
interface StoredEvent {
  readonly eventId: string;
  readonly partitionKey: string;
  readonly data: Uint8Array;
}

/**
 * An {@link EventQueueStorage} in one IndexedDB database of the page's origin: an object store
 * with an auto-increment key, so `load()` returns events in the order they were added, across
 * calls and reloads, and an index on `eventId` for `remove()`. The record's bytes are stored as a
 * `Uint8Array` (structured clone), not re-encoded.
 *
 * - Each call resolves on its transaction's `complete` event: the change is committed (handed to
 *   the operating system at least, so it survives a reload or a crashed tab; MDN,
 *   IDBTransaction.durability).
 * - Calls take effect in the order they are made: their transactions are created in call order,
 *   and IndexedDB starts transactions of overlapping scope in the order they were created (W3C
 *   Indexed Database API 3.0, "Transaction scheduling").
 * - A call rejects with an `EventQueueStorageError` naming the database and the browser's error
 *   (`QuotaExceededError` when the origin is out of quota, `InvalidStateError`, …).
 * - The database is opened once, on the first call. When another tab or worker needs it closed
 *   (`versionchange`: a newer version or a deletion) or the browser closes it, the connection is
 *   closed and the next call opens it again.
 *
 * @example
 * ```ts
 * const storage = indexedDbEventQueue({ databaseName: 'datalake-events-app-events' });
 * await storage.add([{ eventId, partitionKey: 'u-42', data }]);
 * const pending = await storage.load(); // after a reload: what Kinesis has not accepted yet
 * await storage.remove([eventId]);
 * ```
 */
export function indexedDbEventQueue(options: IndexedDbEventQueueOptions = {}): EventQueueStorage {
  return new IndexedDbEventQueue(options.databaseName ?? 'datalake-events', options.indexedDB);
}

class IndexedDbEventQueue implements EventQueueStorage {
  private readonly where: string;
  private connection: Promise<IndexedDbDatabase> | undefined;
  /** The connection once open, to tell whether a close concerns the current one. */
  private database: IndexedDbDatabase | undefined;
  /** The last call's transaction creation: the next call creates its own after it. */
  private tail: Promise<unknown> = Promise.resolve();

  public constructor(
    private readonly databaseName: string,
    private readonly factory: IndexedDbFactory | undefined,
  ) {
    this.where = `IndexedDB database "${databaseName}"`;
  }

  public load(): Promise<QueuedEvent[]> {
    return this.run('load', 'readonly', (transaction, done) => {
      const request = transaction.objectStore(STORE).getAll();
      request.onsuccess = () => {
        // getAll returns values in key order: the auto-increment key is the order of addition.
        done(
          (request.result as StoredEvent[]).map(({ eventId, partitionKey, data }) => ({
            eventId,
            partitionKey,
            data,
          })),
        );
      };
    });
  }

  public add(events: readonly QueuedEvent[]): Promise<void> {
    // Copied now: the caller may reuse its objects; a view of a larger buffer is cut to its bytes.
    const rows = events.map(toStoredEvent);
    return this.run('add', 'readwrite', (transaction, done) => {
      const store = transaction.objectStore(STORE);
      for (const row of rows) store.add(row);
      done(undefined);
    });
  }

  public remove(eventIds: readonly string[]): Promise<void> {
    const ids = [...eventIds];
    return this.run('remove', 'readwrite', (transaction, done) => {
      const store = transaction.objectStore(STORE);
      const index = store.index(EVENT_ID_INDEX);
      for (const eventId of ids) {
        // Every row with this id (the index is not unique): none is fine.
        const keys = index.getAllKeys(eventId);
        keys.onsuccess = () => {
          for (const key of keys.result) store.delete(key);
        };
      }
      done(undefined);
    });
  }

  /**
   * Creates the call's transaction after the previous call's (opening the database first if
   * needed), lets `body` place its requests and resolves with what `body` gave once the
   * transaction completes.
   */
  private run<Result>(
    operation: EventQueueOperation,
    mode: 'readonly' | 'readwrite',
    body: (transaction: IndexedDbTransaction, done: (result: Result) => void) => void,
  ): Promise<Result> {
    const created = this.tail.then(() => this.transaction(mode));
    this.tail = created.catch(() => undefined);
    return created.then(
      (transaction) =>
        new Promise<Result>((resolve, reject) => {
          let result: Result | undefined;
          let hasResult = false;
          transaction.oncomplete = () => {
            if (hasResult) resolve(result as Result);
            else reject(this.error(operation, undefined, 'the transaction completed without a result'));
          };
          // A failed request aborts its transaction (unless handled): its error is the transaction's.
          transaction.onabort = () => reject(this.error(operation, transaction.error ?? 'aborted'));
          try {
            body(transaction, (value) => {
              result = value;
              hasResult = true;
            });
          } catch (error) {
            // e.g. DataCloneError from add(): abort what was placed so nothing half-done commits.
            transaction.abort();
            reject(this.error(operation, error));
          }
        }),
      (error: unknown) => {
        throw error instanceof EventQueueStorageError ? error : this.error(operation, error);
      },
    );
  }

  /** A transaction on the open connection; reopens once when the connection was closed meanwhile. */
  private async transaction(mode: 'readonly' | 'readwrite'): Promise<IndexedDbTransaction> {
    const database = await this.open();
    try {
      return database.transaction(STORE, mode);
    } catch (error) {
      // InvalidStateError: closed by a versionchange or by the browser since it was opened.
      if (!isNamed(error, 'InvalidStateError')) throw error;
      this.connection = undefined;
      return (await this.open()).transaction(STORE, mode);
    }
  }

  private open(): Promise<IndexedDbDatabase> {
    if (this.connection === undefined) {
      const opening = this.openDatabase();
      this.connection = opening;
      // A failed open is not kept: the next call tries again.
      opening.catch(() => {
        if (this.connection === opening) this.connection = undefined;
      });
    }
    return this.connection;
  }

  private openDatabase(): Promise<IndexedDbDatabase> {
    return new Promise<IndexedDbDatabase>((resolve, reject) => {
      const factory = this.factory ?? (globalThis as { indexedDB?: IndexedDbFactory }).indexedDB;
      if (factory === undefined) {
        reject(this.error('open', undefined, 'no indexedDB in this environment; pass options.indexedDB'));
        return;
      }
      const request = factory.open(this.databaseName, VERSION);
      request.onupgradeneeded = () => {
        const database = request.result;
        if (!database.objectStoreNames.contains(STORE)) {
          const store = database.createObjectStore(STORE, { autoIncrement: true });
          store.createIndex(EVENT_ID_INDEX, 'eventId', { unique: false });
        }
      };
      // Another connection on an older version keeps ours waiting until it closes; success follows.
      request.onblocked = () => undefined;
      request.onerror = () => reject(this.error('open', request.error));
      request.onsuccess = () => {
        const database = request.result;
        this.database = database;
        // Another tab or worker upgrades or deletes the database: let it, and reopen on the next call.
        database.onversionchange = () => {
          database.close();
          this.forget(database);
        };
        // The browser closed it (storage cleared, disk error).
        database.onclose = () => this.forget(database);
        resolve(database);
      };
    });
  }

  private forget(database: IndexedDbDatabase): void {
    if (this.database !== database) return;
    this.database = undefined;
    this.connection = undefined;
  }

  private error(operation: EventQueueOperation, cause: unknown, reason?: string): EventQueueStorageError {
    return new EventQueueStorageError({ store: this.where, operation, reason }, { cause });
  }
}

function toStoredEvent({ eventId, partitionKey, data }: QueuedEvent): StoredEvent {
  // Structured clone stores a view's whole ArrayBuffer (HTML, StructuredSerializeInternal), and the
  // client's records are views of shared 8 KiB slabs (encodeUtf8): store only the record's bytes.
  const whole = data.byteOffset === 0 && data.byteLength === data.buffer.byteLength;
  return { eventId, partitionKey, data: whole ? data : data.slice() };
}

function isNamed(error: unknown, name: string): boolean {
  return typeof error === 'object' && error !== null && (error as { name?: unknown }).name === name;
}
