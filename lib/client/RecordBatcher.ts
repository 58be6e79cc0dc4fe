import { DataLakeError } from '../core/errors';
import type { BufferedEvent } from './BufferedEvent';
import { KINESIS_LIMITS } from './kinesisLimits';

/** The events of one partition key, oldest first, and whether one of them is unacknowledged. */
interface KeyQueue<Payload extends Record<string, unknown>> {
  readonly key: string;
  readonly events: BufferedEvent<Payload>[];
  /** Index of the oldest event still held; earlier slots are spent (compacted now and then). */
  head: number;
  /** The head event is in a call, or waits for a retry. */
  busy: boolean;
  /** When a head waiting for a retry may be sent again (ms since the epoch). */
  retryAt: number;
}

/**
 * The client's buffer, organized by partition key, that packs PutRecords batches without ever
 * letting a later event of a key overtake an earlier one.
 *
 * The rule: a batch holds at most one event per partition key, and a key whose event is in a
 * call (or waits for a retry after one) gives no further event until that event is acknowledged
 * or has failed for good. Kinesis writes the entries of one call independently, so two events of
 * a key in one call could land as "second written, first failed then retried": out of order.
 * The cost is one event per key per round trip; many keys fill a batch, one key sends serially.
 *
 * Keys are served in turn (a key goes to the back once its event is acknowledged); heads due for
 * a retry go first.
 *
 * @example
 * ```ts
 * const batcher = new RecordBatcher();
 * batcher.add(record);
 * const batch = batcher.nextBatch(Date.now()); // ≤ 500 records, ≤ 5 MiB, one per key
 * for (const sent of batch) batcher.settle(sent);
 * ```
 */
export class RecordBatcher<Payload extends Record<string, unknown> = Record<string, unknown>> {
  private readonly maxRecords = KINESIS_LIMITS.maxRecordsPerCall;
  private readonly maxBytes = KINESIS_LIMITS.maxBytesPerCall;
  private readonly queues = new Map<string, KeyQueue<Payload>>();
  /** Keys whose head may go into the next batch, in turn order. */
  private readonly ready = new Map<string, KeyQueue<Payload>>();
  /** Keys whose head waits for a retry. */
  private readonly waiting = new Map<string, KeyQueue<Payload>>();
  private heldRecords = 0;
  private heldBytes = 0;
  private idleRecords = 0;
  private idleBytes = 0;

  /** Events held: queued, in a call or waiting for a retry. */
  public get records(): number {
    return this.heldRecords;
  }

  /** Bytes (data + partition keys) of the events held. */
  public get bytes(): number {
    return this.heldBytes;
  }

  /** Whether the events not in a call or waiting for a retry fill a whole batch by count or bytes. */
  public get hasFullBatch(): boolean {
    return this.idleRecords >= this.maxRecords || this.idleBytes >= this.maxBytes;
  }

  /** Appends an event behind the earlier events of its partition key. */
  public add(record: BufferedEvent<Payload>): void {
    let queue = this.queues.get(record.partitionKey);
    if (!queue) {
      queue = { key: record.partitionKey, events: [], head: 0, busy: false, retryAt: 0 };
      this.queues.set(record.partitionKey, queue);
      this.ready.set(queue.key, queue);
    }
    queue.events.push(record);
    this.heldRecords += 1;
    this.heldBytes += record.size;
    this.idleRecords += 1;
    this.idleBytes += record.size;
  }

  /**
   * Takes the next batch: the heads of keys that are free or due for a retry at `now`, at most
   * one per key, within the record and byte limits. A head too large for the room left stays
   * for a later batch. The keys taken are busy until {@link settle} or {@link retry}.
   */
  public nextBatch(now: number): BufferedEvent<Payload>[] {
    const batch: BufferedEvent<Payload>[] = [];
    // A client with every key busy asks for a batch on each event it buffers: answer at once.
    if (this.ready.size === 0 && this.waiting.size === 0) return batch;
    let bytes = 0;
    for (const queue of this.waiting.values()) {
      if (batch.length >= this.maxRecords) break;
      if (queue.retryAt <= now) bytes = this.take(queue, batch, bytes);
    }
    for (const queue of this.ready.values()) {
      if (batch.length >= this.maxRecords) break;
      bytes = this.take(queue, batch, bytes);
    }
    return batch;
  }

  /** The earliest time a head waiting for a retry is due, or `undefined` when none waits. */
  public nextRetryAt(): number | undefined {
    let earliest: number | undefined;
    for (const queue of this.waiting.values()) {
      if (earliest === undefined || queue.retryAt < earliest) earliest = queue.retryAt;
    }
    return earliest;
  }

  /** Puts a batched head back to wait until `retryAt`; its key stays closed to later events. */
  public retry(record: BufferedEvent<Payload>, retryAt: number): void {
    const queue = this.busyQueueOf(record);
    queue.busy = false;
    queue.retryAt = retryAt;
    this.idleRecords += 1;
    this.idleBytes += record.size;
    this.waiting.set(queue.key, queue);
  }

  /**
   * Removes a batched head for good (acknowledged, or failed after its last attempt) and frees
   * its key: the key's next event goes to the back of the turn.
   */
  public settle(record: BufferedEvent<Payload>): void {
    const queue = this.busyQueueOf(record);
    queue.busy = false;
    queue.head += 1;
    this.heldRecords -= 1;
    this.heldBytes -= record.size;
    if (queue.head === queue.events.length) {
      this.queues.delete(queue.key);
      return;
    }
    // Spent slots are dropped once they are half the array, so a busy key does not grow forever.
    if (queue.head > 1024 && queue.head * 2 > queue.events.length) {
      queue.events.splice(0, queue.head);
      queue.head = 0;
    }
    this.ready.set(queue.key, queue);
  }

  /**
   * Every event held, key by key (keys in the order their current events began to be held) and
   * oldest first within a key.
   */
  public *held(): Generator<BufferedEvent<Payload>> {
    for (const queue of this.queues.values()) {
      for (let index = queue.head; index < queue.events.length; index += 1) yield queue.events[index];
    }
  }

  /**
   * Removes the oldest event that is not in a call (a key's head waiting for a retry counts as
   * not in a call), by `clientTime` and then key turn, and returns it; `undefined` when every
   * event held is in a call. For a full buffer whose policy drops the oldest event.
   */
  public dropOldest(): BufferedEvent<Payload> | undefined {
    let oldest: { queue: KeyQueue<Payload>; index: number } | undefined;
    for (const queue of this.queues.values()) {
      const index = queue.busy ? queue.head + 1 : queue.head;
      if (index >= queue.events.length) continue;
      const time = queue.events[index].event.clientTime;
      if (oldest === undefined || time < oldest.queue.events[oldest.index].event.clientTime) {
        oldest = { queue, index };
      }
    }
    if (oldest === undefined) return undefined;
    const { queue, index } = oldest;
    const [record] = queue.events.splice(index, 1);
    this.heldRecords -= 1;
    this.heldBytes -= record.size;
    this.idleRecords -= 1;
    this.idleBytes -= record.size;
    if (queue.head === queue.events.length) {
      this.queues.delete(queue.key);
      this.ready.delete(queue.key);
      this.waiting.delete(queue.key);
    } else if (index === queue.head && this.waiting.delete(queue.key)) {
      // The dropped head was waiting for a retry; the key's next event is a fresh one.
      this.ready.set(queue.key, queue);
    }
    return record;
  }

  /**
   * Moves a key's head into `batch` when it fits the record and byte limits (`bytes` are the
   * batch's so far) and marks the key busy; returns the batch's bytes after.
   */
  private take(queue: KeyQueue<Payload>, batch: BufferedEvent<Payload>[], bytes: number): number {
    const head = queue.events[queue.head];
    if (batch.length >= this.maxRecords || bytes + head.size > this.maxBytes) return bytes;
    batch.push(head);
    queue.busy = true;
    this.idleRecords -= 1;
    this.idleBytes -= head.size;
    this.ready.delete(queue.key);
    this.waiting.delete(queue.key);
    return bytes + head.size;
  }

  private busyQueueOf(record: BufferedEvent<Payload>): KeyQueue<Payload> {
    const queue = this.queues.get(record.partitionKey);
    if (!queue?.busy || queue.events[queue.head] !== record) {
      throw new DataLakeError(
        `Event ${record.event.eventId} is not the batched head of key ${record.partitionKey}`,
      );
    }
    return queue;
  }
}
