/**
 * One event kept by a durable queue until Kinesis has accepted it (or it failed for good):
 * the record exactly as it will be sent, so a replay after a reload sends the same bytes and the
 * same `eventId`, and consumers can still drop the duplicates a replay may cause.
 */
export interface QueuedEvent {
  /** The envelope's `eventId`: the key the event is stored and removed by. */
  readonly eventId: string;
  readonly partitionKey: string;
  /** The UTF-8 JSON envelope, the record's data blob. */
  readonly data: Uint8Array;
}

/**
 * Where an `EventClient` keeps its events across reloads and crashes: IndexedDB in browsers,
 * the app's key-value store (AsyncStorage) on React Native, or an app's own.
 *
 * Each method resolves once the change is durable (an IndexedDB transaction's `complete`) and
 * rejects when it cannot be made. Calls take effect in the order they were made (a `remove` called
 * after an `add` never runs before it), so a caller need not wait for one before starting the next.
 */
export interface EventQueueStorage {
  /** Every stored event, in the order it was added (oldest first). */
  load(): Promise<QueuedEvent[]>;
  /** Stores events after those stored before, in the given order. */
  add(events: readonly QueuedEvent[]): Promise<void>;
  /** Removes events by `eventId` (delivered or given up); ids not stored are ignored. */
  remove(eventIds: readonly string[]): Promise<void>;
}
