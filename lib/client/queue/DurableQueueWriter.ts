import { EventQueueStorageError } from '../../core/errors';
import type { EventEnvelope } from '../../core/events';
import type { BufferedEvent } from '../BufferedEvent';
import type { EventDeliveryFailure } from '../EventClientOptions';
import { utf8ByteLength } from '../utf8ByteLength';
import type { EventQueueStorage, QueuedEvent } from './EventQueueStorage';

/** The buffer's bounds a load trims the stored events to. */
export interface QueueBounds {
  readonly maxBufferedRecords: number;
  readonly maxBufferedBytes: number;
}

/** What a load gives back: the events to buffer first, and those dropped to fit the bounds. */
export interface LoadedQueue<Payload extends Record<string, unknown>> {
  /** The newest stored events that fit the bounds, oldest first. */
  readonly records: BufferedEvent<Payload>[];
  /** The older stored events that did not fit, for `onFailure`; already queued for removal. */
  readonly dropped: EventDeliveryFailure<Payload>[];
  /**
   * The storage did not answer within the wait: nothing was loaded, and the caller writes nothing
   * more to it (a later client loads what it holds).
   */
  readonly timedOut: boolean;
}

/** What a load that did not settle in time resolves to. */
const TIMED_OUT = Symbol('timed out');

/** The record's own bytes: `data` may view a slab shared with other records (see encodeUtf8). */
function ownBytes(data: Uint8Array): Uint8Array {
  return data.byteOffset === 0 && data.byteLength === data.buffer.byteLength ? data : data.slice();
}

const decoder = new TextDecoder();

/** A stored event back as a buffered one; its envelope is what was sent, `eventId` included. */
function fromStored<Payload extends Record<string, unknown>>(stored: QueuedEvent): BufferedEvent<Payload> {
  const event = JSON.parse(decoder.decode(stored.data)) as EventEnvelope<Payload>;
  const size = stored.data.byteLength + utf8ByteLength(stored.partitionKey);
  return { event, partitionKey: stored.partitionKey, data: stored.data, size, attempts: 0 };
}

/**
 * An `EventClient`'s bookkeeping of its durable queue: the adds and removes of one task written
 * together, and the load of what an earlier client stored, trimmed to the buffer's bounds. Storage
 * failures go to `onQueueError` and change nothing else: the events stay in the client's memory.
 * A load that does not settle within `loadTimeoutMs` is given up (see {@link load}).
 *
 * @example
 * ```ts
 * const writer = new DurableQueueWriter(indexedDbEventQueue({ databaseName: 'app' }), console.warn, 5000);
 * const { records, dropped } = await writer.load({ maxBufferedRecords: 10_000, maxBufferedBytes: 16 * 1024 * 1024 });
 * writer.add(record); // written in the next task
 * writer.remove(record); // once Kinesis accepted it or it failed for good
 * ```
 */
export class DurableQueueWriter {
  private adds: QueuedEvent[] = [];
  private removes: string[] = [];
  private writeQueued = false;

  public constructor(
    private readonly storage: EventQueueStorage,
    private readonly onQueueError: (error: unknown) => void,
    private readonly loadTimeoutMs: number,
  ) {}

  /** Queues the durable add of an accepted event; the adds and removes of a task go together. */
  public add(record: BufferedEvent): void {
    this.adds.push({
      eventId: record.event.eventId,
      partitionKey: record.partitionKey,
      data: ownBytes(record.data),
    });
    this.queueWrite();
  }

  /** Queues the durable removal of a settled or dropped event. */
  public remove(record: BufferedEvent): void {
    this.removes.push(record.event.eventId);
    this.queueWrite();
  }

  /** Writes what is queued now: a page being hidden runs no later task, so a queued write would never happen. */
  public writeNow(): void {
    if (this.writeQueued) this.write();
  }

  /**
   * Reads the stored events, oldest first. Events over the bounds are dropped oldest first (so
   * the newest are kept) and returned for `onFailure`; a stored event that is no JSON envelope
   * is reported to `onQueueError`. Both are queued for removal. A failed load is reported and
   * gives nothing back.
   *
   * A load still unsettled after `loadTimeoutMs` is reported as an `EventQueueStorageError` and
   * resolves with `timedOut`; its late answer is ignored. It happens when an IndexedDB open is
   * `blocked` by a connection another tab keeps open at an older version, which waits until that
   * connection closes (https://developer.mozilla.org/en-US/docs/Web/API/IDBOpenDBRequest/blocked_event),
   * or with an app storage that never answers.
   */
  public async load<Payload extends Record<string, unknown>>(
    bounds: QueueBounds,
  ): Promise<LoadedQueue<Payload>> {
    let stored: QueuedEvent[] = [];
    try {
      const loaded = await this.withinLoadTimeout(this.storage.load());
      if (loaded === TIMED_OUT) {
        this.onQueueError(
          new EventQueueStorageError({
            store: 'the client’s queue storage',
            operation: 'load',
            reason: `no answer within ${this.loadTimeoutMs} ms (queueLoadTimeoutMs); this client keeps its events in memory only and leaves the stored ones to a later client`,
          }),
        );
        return { records: [], dropped: [], timedOut: true };
      }
      stored = loaded;
    } catch (error) {
      this.onQueueError(error);
    }
    const records: BufferedEvent<Payload>[] = [];
    for (const entry of stored) {
      try {
        records.push(fromStored<Payload>(entry));
      } catch (error) {
        this.removes.push(entry.eventId);
        this.onQueueError(error);
      }
    }
    // Keep the newest events that fit the bounds.
    const { maxBufferedRecords, maxBufferedBytes } = bounds;
    let first = records.length;
    let bytes = 0;
    while (
      first > 0 &&
      records.length - first < maxBufferedRecords &&
      bytes + records[first - 1].size <= maxBufferedBytes
    ) {
      first -= 1;
      bytes += records[first].size;
    }
    const reason = `dropped: stored by an earlier client but over the buffer's bounds (maxBufferedRecords ${maxBufferedRecords}, maxBufferedBytes ${maxBufferedBytes}), oldest first`;
    const dropped = records.slice(0, first).map((record) => ({
      event: record.event,
      partitionKey: record.partitionKey,
      attempts: 0,
      reason,
    }));
    for (const failure of dropped) this.removes.push(failure.event.eventId);
    if (this.removes.length > 0) this.queueWrite();
    return { records: records.slice(first), dropped, timedOut: false };
  }

  /** `loading`'s value, or TIMED_OUT if it has not settled after `loadTimeoutMs`. */
  private async withinLoadTimeout(
    loading: Promise<QueuedEvent[]>,
  ): Promise<QueuedEvent[] | typeof TIMED_OUT> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<typeof TIMED_OUT>((done) => {
      timer = setTimeout(() => done(TIMED_OUT), this.loadTimeoutMs);
    });
    try {
      return await Promise.race([loading, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  /**
   * Writes the queued adds and removes in the next task, so a burst of sends is one add: in
   * Chromium, 2,000 sends over 20 keys took 224-267 ms to buffer with one add per send, 83-106 ms
   * this way (96-115 ms with no queue).
   */
  private queueWrite(): void {
    if (this.writeQueued) return;
    this.writeQueued = true;
    setTimeout(() => this.write(), 0);
  }

  /**
   * Hands the queued adds, then the queued removes, to the storage, which applies calls in call
   * order (an event added and settled before the write is added, then removed).
   */
  private write(): void {
    this.writeQueued = false;
    const { adds, removes } = this;
    this.adds = [];
    this.removes = [];
    if (adds.length > 0) this.storage.add(adds).catch((error: unknown) => this.onQueueError(error));
    if (removes.length > 0) this.storage.remove(removes).catch((error: unknown) => this.onQueueError(error));
  }
}
