import { type EventQueueOperation, EventQueueStorageError } from '../../core/errors';
import { decodeBase64 } from './decodeBase64';
import type { EventQueueStorage, QueuedEvent } from './EventQueueStorage';
import { encodeBase64 } from './encodeBase64';

/**
 * An asynchronous string key-value store: React Native's AsyncStorage
 * (`@react-native-async-storage/async-storage`) has this shape, and so can an app's own.
 *
 * @example
 * ```ts
 * const values = new Map<string, string>();
 * const store: KeyValueStore = {
 *   getItem: async (key) => values.get(key) ?? null,
 *   setItem: async (key, value) => void values.set(key, value),
 *   removeItem: async (key) => void values.delete(key),
 * };
 * ```
 */
export interface KeyValueStore {
  getItem(key: string): Promise<string | null>;
  setItem(key: string, value: string): Promise<void>;
  removeItem(key: string): Promise<void>;
}

/** Options of {@link keyValueEventQueue}. */
export interface KeyValueEventQueueOptions {
  /**
   * The key the queue is stored under; give each stream (each `EventClient`) its own.
   *
   * @default 'datalake-events'
   */
  readonly key?: string;
}

/** What the key holds: `data` is the record's bytes in base64. */
interface StoredQueue {
  readonly version: 1;
  readonly events: { readonly eventId: string; readonly partitionKey: string; readonly data: string }[];
}

/**
 * An {@link EventQueueStorage} in a key-value store such as React Native's AsyncStorage: the
 * whole queue is one JSON value under one key (`{"version":1,"events":[{eventId, partitionKey,
 * data}]}`, `data` in base64), rewritten by each change.
 *
 * - Calls run one after another in the order they are made, each a read-modify-write finished
 *   (its `setItem` resolved) before the next starts, so concurrent `add`/`remove` calls never
 *   lose each other's changes. The queue read first is kept in memory; only this instance should
 *   write the key.
 * - A value under the key that is not such a queue (damaged, or written by something else) makes
 *   every call reject with an `EventQueueStorageError` naming the key: nothing is dropped or
 *   overwritten silently. Remove the key to start over.
 * - A failed `setItem` (e.g. the store is full) rejects the call and leaves the queue as it was.
 * - Each change writes the whole queue, so keep it small (the client's `maxBufferedRecords` /
 *   `maxBufferedBytes` bound it): AsyncStorage on Android keeps values in SQLite, where one large
 *   value is slow to read and write.
 *
 * @example
 * ```ts
 * import AsyncStorage from '@react-native-async-storage/async-storage';
 *
 * const storage = keyValueEventQueue(AsyncStorage, { key: 'datalake-events-app-events' });
 * await storage.add([{ eventId, partitionKey: 'u-42', data }]);
 * ```
 */
export function keyValueEventQueue(
  store: KeyValueStore,
  options: KeyValueEventQueueOptions = {},
): EventQueueStorage {
  return new KeyValueEventQueue(store, options.key ?? 'datalake-events');
}

class KeyValueEventQueue implements EventQueueStorage {
  private readonly where: string;
  /** The queue as last read or written; undefined until the first call reads it. */
  private events: QueuedEvent[] | undefined;
  private tail: Promise<unknown> = Promise.resolve();

  public constructor(
    private readonly store: KeyValueStore,
    private readonly key: string,
  ) {
    this.where = `key "${key}" of the key-value store`;
  }

  public load(): Promise<QueuedEvent[]> {
    return this.serially('load', async () => [...(await this.read())]);
  }

  public add(events: readonly QueuedEvent[]): Promise<void> {
    // Copied now: the caller may change its arrays before this call's turn comes, and a record's
    // bytes are a view of a shared slab (encodeUtf8) that the copy kept in memory need not pin.
    const added = events.map(({ eventId, partitionKey, data }) => ({
      eventId,
      partitionKey,
      data: data.slice(),
    }));
    return this.serially('add', async () => {
      const current = await this.read();
      await this.write([...current, ...added]);
    });
  }

  public remove(eventIds: readonly string[]): Promise<void> {
    const removed = new Set(eventIds);
    return this.serially('remove', async () => {
      const current = await this.read();
      const kept = current.filter((event) => !removed.has(event.eventId));
      if (kept.length === current.length) return;
      await this.write(kept);
    });
  }

  /** Runs `operation` after every call made before it has settled; failures name the key. */
  private serially<Result>(operation: EventQueueOperation, run: () => Promise<Result>): Promise<Result> {
    const result = this.tail.then(run).catch((error: unknown) => {
      const reason = error instanceof DamagedQueue ? error.message : undefined;
      const cause = error instanceof DamagedQueue ? error.cause : error;
      throw new EventQueueStorageError({ store: this.where, operation, reason }, { cause });
    });
    this.tail = result.catch(() => undefined);
    return result;
  }

  private async read(): Promise<readonly QueuedEvent[]> {
    if (this.events === undefined) this.events = this.parse(await this.store.getItem(this.key));
    return this.events;
  }

  private async write(events: QueuedEvent[]): Promise<void> {
    if (events.length === 0) {
      await this.store.removeItem(this.key);
    } else {
      const stored: StoredQueue = {
        version: 1,
        events: events.map(({ eventId, partitionKey, data }) => ({
          eventId,
          partitionKey,
          data: encodeBase64(data),
        })),
      };
      await this.store.setItem(this.key, JSON.stringify(stored));
    }
    // Only once the store has it: a failed write leaves the queue as it was.
    this.events = events;
  }

  private parse(text: string | null): QueuedEvent[] {
    if (text === null) return [];
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      throw this.damaged(`its value is not JSON (${(error as Error).message})`, error);
    }
    if (!isRecord(value) || value.version !== 1 || !Array.isArray(value.events)) {
      throw this.damaged('its value is not {"version":1,"events":[…]}');
    }
    return value.events.map((event: unknown, index: number) => {
      if (!isRecord(event) || typeof event.eventId !== 'string' || typeof event.partitionKey !== 'string') {
        throw this.damaged(`events[${index}] has no eventId and partitionKey strings`);
      }
      const data = typeof event.data === 'string' ? decodeBase64(event.data) : undefined;
      if (data === undefined) throw this.damaged(`events[${index}] (${event.eventId}): data is not base64`);
      return { eventId: event.eventId, partitionKey: event.partitionKey, data };
    });
  }

  private damaged(what: string, cause?: unknown): DamagedQueue {
    return new DamagedQueue(
      `${what}; allowed: a queue written by keyValueEventQueue (remove the key to start over)`,
      { cause },
    );
  }
}

/** What the key holds is not a queue: the call that read it reports it with its own operation. */
class DamagedQueue extends Error {}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
