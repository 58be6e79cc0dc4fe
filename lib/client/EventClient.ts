import { type KinesisClient, PutRecordsCommand } from '@aws-sdk/client-kinesis';
import { BufferFullError, EventClientClosedError } from '../core/errors';
import type { EventEnvelope } from '../core/events';
import type { BufferedEvent } from './BufferedEvent';
import { backoffDelay } from './backoffDelay';
import { buildRecord } from './buildRecord';
import type { EventClientOptions, EventClientStats, EventDeliveryFailure } from './EventClientOptions';
import { isRetryableError } from './isRetryableError';
import { type KeepaliveBatch, keepaliveBatches } from './keepaliveBatches';
import { keepaliveKinesisClient } from './keepaliveKinesisClient';
import type { EventQueueStorage, QueuedEvent } from './queue/EventQueueStorage';
import { RecordBatcher } from './RecordBatcher';
import { type ResolvedEventClientOptions, resolveEventClientOptions } from './resolveEventClientOptions';
import { utf8ByteLength } from './utf8ByteLength';

/**
 * Request-body bytes that keepalive fetches may have in flight at once: "If the sum of
 * contentLength and inflightKeepaliveBytes is greater than 64 kibibytes, then return a network
 * error" (https://fetch.spec.whatwg.org/#http-network-or-cache-fetch). The quota is shared with
 * the page's other keepalive requests and beacons.
 */
const KEEPALIVE_QUOTA_BYTES = 64 * 1024;

/** A `send()` waiting for room in a full buffer (policy `'wait'`). */
interface RoomWaiter<Payload extends Record<string, unknown>> {
  readonly record: BufferedEvent<Payload>;
  readonly admitted: () => void;
}

function describeError(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}

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
 * Sends app events to a Kinesis stream: validates each payload with the app's zod schema, wraps
 * it in the shared event envelope, buffers it and delivers it with PutRecords in batches within
 * Kinesis's limits (≤ 500 records and ≤ 5 MiB a call, ≤ 1 MiB a record). Runs in Node and in
 * browsers: it uses only the injected KinesisClient, zod and web globals.
 *
 * Delivery:
 * - `send()` resolves when the event is accepted into the buffer, not when Kinesis has it; use
 *   `flush()` (or `close()`) to wait for delivery.
 * - A call starts once an event has waited `flushIntervalMs`, once a whole call's worth is
 *   buffered, or on `flush()`/`close()`; after that the client keeps sending until its buffer is
 *   empty, with at most `maxConcurrentCalls` calls in flight.
 * - Entries Kinesis refuses in a partial failure, and whole calls that fail with throttling, a
 *   5xx or a network error, are retried (only the failed entries) after an exponential backoff
 *   with full jitter, up to `maxAttempts` per event. The `eventId` stays the same, so consumers
 *   drop the duplicates a lost acknowledgement can cause.
 * - Events of one partition key are never reordered: a call holds at most one event per key, and
 *   a key's next event waits until the previous one is acknowledged or has failed for good (see
 *   {@link RecordBatcher}). One key therefore sends one event per round trip; many keys fill calls.
 * - The buffer is bounded (`maxBufferedRecords`, `maxBufferedBytes`, counting events in flight and
 *   waiting for a retry). When full, `fullBufferPolicy` `'wait'` makes `send()` wait for room, in
 *   send order; `'reject'` makes it reject with a `BufferFullError`.
 * - No event is dropped silently: every event either reaches Kinesis (counted in `sent`) or is
 *   handed to `onFailure` (counted in `failed`), `'dropOldest'`'s drops included.
 * - Durable queue (`queue`, on by default where IndexedDB exists): every accepted event is also
 *   stored until it is settled; a client made later on the same storage (after a reload or a
 *   crash) sends the stored events first, with their `eventId`, so a replay's duplicates stay
 *   detectable. Sends made while it loads them wait for the load. A failing storage is reported
 *   to `onQueueError` and changes nothing else.
 * - Offline (`navigator.onLine === false`): no call starts, new or retry; sending resumes on the
 *   `online` event. A call that fails for want of network while offline does not count as an
 *   attempt. `flush()` and `close()` wait for the network.
 * - Web pages (`flushOnPageHide`): when the page is hidden or left, what is buffered is sent at
 *   once in keepalive requests, within the 64 KiB keepalive quota, a key's events in order in one
 *   call (see {@link keepaliveKinesisClient}). The rest stays queued for the next load; events
 *   those requests delivered are not sent again if the page lives on.
 *
 * @example
 * ```ts
 * const events = new EventClient({
 *   client: new KinesisClient({ region: 'eu-west-1', maxAttempts: 1 }),
 *   streamName: 'app-events',
 *   partitionKeyField: 'userId',
 *   payloadSchema: z.object({ userId: z.string(), itemId: z.int() }),
 *   schemaVersion: 1,
 *   onFailure: (failures) => console.error('lost events', failures),
 * });
 * await events.send('item_viewed', { userId: 'u-42', itemId: 1234 });
 * await events.close();
 * ```
 */
export class EventClient<Payload extends Record<string, unknown>> {
  private readonly options: ResolvedEventClientOptions<Payload>;
  private readonly batcher = new RecordBatcher<Payload>();
  private readonly roomWaiters: RoomWaiter<Payload>[] = [];
  private readonly drainedWaiters: (() => void)[] = [];
  private sent = 0;
  private retried = 0;
  private failed = 0;
  private callsInFlight = 0;
  /** Send every sendable event, not only full calls, until the buffer is empty. */
  private draining = false;
  private closed = false;
  private flushTimer: ReturnType<typeof setTimeout> | undefined;
  private retryTimer: { readonly at: number; readonly handle: ReturnType<typeof setTimeout> } | undefined;
  private readonly storage: EventQueueStorage | undefined;
  /** The load of the stored events, until it is done; sends wait for it. */
  private loading: Promise<void> | undefined;
  private storedAdds: QueuedEvent[] = [];
  private storedRemoves: string[] = [];
  private storageWriteQueued = false;
  private readonly removeListeners: (() => void)[] = [];
  private keepaliveClient: KinesisClient | undefined;
  private keepaliveBytesInFlight = 0;
  /** Events in a keepalive call not answered yet. */
  private readonly keepaliveSending = new Set<BufferedEvent<Payload>>();
  /** Events a keepalive call delivered that are still held: settled, not sent, when next batched. */
  private readonly deliveredEarly = new Set<BufferedEvent<Payload>>();

  /**
   * Checks the options and applies their defaults; no call is made and no timer runs until the
   * first event, except the load of a durable queue's stored events, which starts here.
   *
   * @throws InvalidPropsError naming every bad option
   */
  public constructor(options: EventClientOptions<Payload>) {
    this.options = resolveEventClientOptions(options);
    const { environment, queue, flushOnPageHide } = this.options;
    this.removeListeners.push(environment.onOnline(() => this.resume()));
    if (environment.onPageHide !== undefined && (flushOnPageHide || queue !== false)) {
      this.removeListeners.push(environment.onPageHide(() => this.onPageHide()));
    }
    if (flushOnPageHide && environment.onPageHide !== undefined) {
      // Credentials fetched inside pagehide (a Cognito identity pool's) would come too late: the
      // browser test without this loses the events. The provider is the app client's memoized one,
      // so this is the fetch the first call would make; its errors surface through the calls.
      this.keepaliveClient = keepaliveKinesisClient(this.options.client);
      this.keepaliveClient.config.credentials().catch(() => undefined);
    }
    if (queue !== false) {
      this.storage = queue;
      this.loading = this.load(queue);
    }
  }

  /**
   * Validates, wraps and buffers one event. Resolves once the event is in the buffer (with
   * `'wait'`, after waiting for room); delivery happens later, see {@link flush}.
   *
   * @throws EventEnvelopeError when the payload fails the schema, the name is invalid or the
   *   partition key is missing (nothing is buffered)
   * @throws RecordTooLargeError when the record would exceed 1 MiB (not sent)
   * @throws BufferFullError when the buffer is full and the policy is `'reject'`
   * @throws EventClientClosedError after `close()`
   */
  public async send(name: string, payload: Payload): Promise<void> {
    if (this.closed) throw new EventClientClosedError(name);
    // The record settings, not a copy of every option per event.
    const { payloadSchema, schemaVersion, partitionKeyField, eventId: newEventId } = this.options;
    const now = this.options.now();
    const record = buildRecord(name, payload, {
      payloadSchema,
      schemaVersion,
      partitionKeyField,
      now,
      newEventId,
    });
    if (this.loading !== undefined) await this.loading;
    if (this.roomWaiters.length === 0 && this.hasRoomFor(record)) {
      this.accept(record);
      return;
    }
    if (this.options.fullBufferPolicy === 'dropOldest' && this.roomWaiters.length === 0) {
      this.dropOldestFor(record);
      if (this.hasRoomFor(record)) {
        this.accept(record);
        return;
      }
    }
    // A full buffer is a reason to send now rather than at the next interval.
    this.draining = true;
    this.pump();
    if (this.options.fullBufferPolicy === 'reject') {
      throw new BufferFullError({
        eventName: name,
        bufferedRecords: this.batcher.records,
        bufferedBytes: this.batcher.bytes,
        maxBufferedRecords: this.options.maxBufferedRecords,
        maxBufferedBytes: this.options.maxBufferedBytes,
      });
    }
    await new Promise<void>((admitted) => {
      this.roomWaiters.push({ record, admitted });
    });
  }

  /**
   * Sends everything buffered now and resolves when the buffer is empty: every event delivered
   * or handed to `onFailure`. Events sent while it waits are waited for too.
   */
  public async flush(): Promise<void> {
    if (this.loading !== undefined) await this.loading;
    if (this.isEmpty()) return;
    const drained = new Promise<void>((done) => {
      this.drainedWaiters.push(done);
    });
    this.draining = true;
    this.pump();
    await drained;
  }

  /**
   * Refuses further events, flushes (including sends still waiting for room), then removes its
   * `online` and page listeners; no timer is left. Safe to call more than once.
   */
  public async close(): Promise<void> {
    this.closed = true;
    await this.flush();
    for (const remove of this.removeListeners.splice(0)) remove();
    this.keepaliveClient?.destroy();
    this.keepaliveClient = undefined;
  }

  /** Counters since the client was made, and the events it holds now. */
  public stats(): EventClientStats {
    return { sent: this.sent, retried: this.retried, failed: this.failed, buffered: this.batcher.records };
  }

  private isEmpty(): boolean {
    return this.batcher.records === 0 && this.roomWaiters.length === 0;
  }

  private hasRoomFor(record: BufferedEvent<Payload>): boolean {
    return (
      this.batcher.records + 1 <= this.options.maxBufferedRecords &&
      this.batcher.bytes + record.size <= this.options.maxBufferedBytes
    );
  }

  private accept(record: BufferedEvent<Payload>): void {
    this.batcher.add(record);
    if (this.storage !== undefined) this.store(record);
    if (this.batcher.hasFullBatch) this.pump();
    else this.schedule();
  }

  /** Admits waiting sends, in order, while they fit. */
  private admitWaiters(): void {
    while (this.roomWaiters.length > 0 && this.hasRoomFor(this.roomWaiters[0].record)) {
      const waiter = this.roomWaiters.shift();
      if (!waiter) break;
      this.batcher.add(waiter.record);
      if (this.storage !== undefined) this.store(waiter.record);
      waiter.admitted();
    }
  }

  /** Drops the oldest events not in a call until `record` fits (or none is left to drop). */
  private dropOldestFor(record: BufferedEvent<Payload>): void {
    const { maxBufferedRecords, maxBufferedBytes } = this.options;
    const reason = `dropped: the buffer was full (maxBufferedRecords ${maxBufferedRecords}, maxBufferedBytes ${maxBufferedBytes}) and fullBufferPolicy is 'dropOldest'`;
    const failures: EventDeliveryFailure<Payload>[] = [];
    while (!this.hasRoomFor(record)) {
      const dropped = this.batcher.dropOldest();
      if (dropped === undefined) break;
      this.forget(dropped);
      this.failed += 1;
      failures.push({
        event: dropped.event,
        partitionKey: dropped.partitionKey,
        attempts: dropped.attempts,
        reason,
      });
    }
    if (failures.length > 0) this.options.onFailure(failures);
  }

  /** Starts calls while there is room for them and something to send, then sets the timers. */
  private pump(): void {
    if (!this.options.environment.isOnline()) {
      // Nothing starts offline; the `online` event resumes (see resume()).
      this.schedule();
      return;
    }
    const now = this.options.now();
    while (
      this.callsInFlight < this.options.maxConcurrentCalls &&
      (this.draining || this.batcher.hasFullBatch)
    ) {
      const batch = this.batcher.nextBatch(now);
      if (batch.length === 0) break;
      if (this.deliveredEarly.size > 0 && this.settleDeliveredEarly(batch)) continue;
      this.callsInFlight += 1;
      void this.put(batch);
    }
    this.schedule();
  }

  /** Back online: send what waited, without waiting for the flush interval. */
  private resume(): void {
    if (this.isEmpty()) return;
    this.draining = true;
    this.pump();
  }

  /**
   * Takes out of `batch` the events a keepalive call already delivered and settles them as sent;
   * true when nothing is left to send.
   */
  private settleDeliveredEarly(batch: BufferedEvent<Payload>[]): boolean {
    let kept = 0;
    for (const record of batch) {
      if (this.deliveredEarly.delete(record)) {
        this.sent += 1;
        this.batcher.settle(record);
      } else {
        batch[kept] = record;
        kept += 1;
      }
    }
    const settledAny = kept < batch.length;
    batch.length = kept;
    if (settledAny) this.admitWaiters();
    return kept === 0;
  }

  /**
   * Keeps one flush timer while events wait and one retry timer for the earliest due retry; none
   * when the buffer is empty, so an idle client holds no timer. Resolves flush() waiters then.
   */
  private schedule(): void {
    if (this.isEmpty()) {
      this.draining = false;
      this.clearTimers();
      for (const done of this.drainedWaiters.splice(0)) done();
      return;
    }
    if (!this.draining && this.flushTimer === undefined) {
      this.flushTimer = setTimeout(() => {
        this.flushTimer = undefined;
        this.draining = true;
        this.pump();
      }, this.options.flushIntervalMs);
    }
    // With every call slot taken, the next call to finish pumps: a timer now would only spin;
    // offline, the `online` event pumps.
    if (this.callsInFlight >= this.options.maxConcurrentCalls) return;
    const retryAt = this.batcher.nextRetryAt();
    if (retryAt === undefined || (this.retryTimer !== undefined && this.retryTimer.at <= retryAt)) return;
    if (!this.options.environment.isOnline()) return;
    if (this.retryTimer !== undefined) clearTimeout(this.retryTimer.handle);
    const handle = setTimeout(
      () => {
        this.retryTimer = undefined;
        this.draining = true;
        this.pump();
      },
      Math.max(0, retryAt - this.options.now()),
    );
    this.retryTimer = { at: retryAt, handle };
  }

  private clearTimers(): void {
    if (this.flushTimer !== undefined) clearTimeout(this.flushTimer);
    if (this.retryTimer !== undefined) clearTimeout(this.retryTimer.handle);
    this.flushTimer = undefined;
    this.retryTimer = undefined;
  }

  /** One PutRecords call; settles, retries or fails each of its events. Never rejects. */
  private async put(batch: BufferedEvent<Payload>[]): Promise<void> {
    const failures: EventDeliveryFailure<Payload>[] = [];
    for (const record of batch) record.attempts += 1;
    try {
      const output = await this.options.client.send(
        new PutRecordsCommand({
          StreamName: this.options.streamName,
          StreamARN: this.options.streamArn,
          Records: batch.map((record) => ({ Data: record.data, PartitionKey: record.partitionKey })),
        }),
      );
      const results = output.Records ?? [];
      batch.forEach((record, index) => {
        const result = results[index];
        if (result !== undefined && !result.ErrorCode) {
          this.sent += 1;
          this.release(record);
          return;
        }
        // Kinesis documents only transient per-entry codes (throughput exceeded, internal failure).
        const reason = result
          ? `${result.ErrorCode}: ${result.ErrorMessage ?? ''}`
          : 'no result for this entry';
        this.retryOrFail(record, reason, true, failures);
      });
    } catch (error) {
      const retryable = isRetryableError(error);
      if (retryable && !this.options.environment.isOnline()) {
        // Failed for want of network: no attempt spent, sent again once back online.
        const now = this.options.now();
        for (const record of batch) {
          record.attempts -= 1;
          this.retried += 1;
          this.batcher.retry(record, now);
        }
      } else {
        for (const record of batch) this.retryOrFail(record, describeError(error), retryable, failures);
      }
    } finally {
      this.callsInFlight -= 1;
      try {
        if (failures.length > 0) this.options.onFailure(failures);
      } finally {
        this.admitWaiters();
        this.pump();
      }
    }
  }

  private retryOrFail(
    record: BufferedEvent<Payload>,
    reason: string,
    retryable: boolean,
    failures: EventDeliveryFailure<Payload>[],
  ): void {
    if (this.deliveredEarly.size > 0 && this.deliveredEarly.has(record)) {
      // A keepalive call delivered it while this call failed: it is sent, not failed.
      this.sent += 1;
      this.release(record);
      return;
    }
    if (retryable && record.attempts < this.options.maxAttempts) {
      this.retried += 1;
      const delay = backoffDelay(record.attempts, this.options, this.options.random);
      this.batcher.retry(record, this.options.now() + delay);
      return;
    }
    this.failed += 1;
    this.release(record);
    failures.push({
      event: record.event,
      partitionKey: record.partitionKey,
      attempts: record.attempts,
      reason,
    });
  }

  /** Removes a batched head for good (sent or failed) from the buffer and the durable queue. */
  private release(record: BufferedEvent<Payload>): void {
    this.batcher.settle(record);
    if (this.deliveredEarly.size > 0) this.deliveredEarly.delete(record);
    if (this.keepaliveSending.size > 0) this.keepaliveSending.delete(record);
    if (this.storage !== undefined) this.forget(record);
  }

  /** Queues the durable add of an accepted event; the adds and removes of a task go together. */
  private store(record: BufferedEvent<Payload>): void {
    const { eventId } = record.event;
    this.storedAdds.push({ eventId, partitionKey: record.partitionKey, data: ownBytes(record.data) });
    this.queueStorageWrite();
  }

  /** Queues the durable removal of a settled or dropped event. */
  private forget(record: BufferedEvent<Payload>): void {
    if (this.storage === undefined) return;
    this.storedRemoves.push(record.event.eventId);
    this.queueStorageWrite();
  }

  /**
   * Writes the queued adds and removes in the next task, so a burst of sends is one add: in
   * Chromium, 2,000 sends over 20 keys took 224-267 ms to buffer with one add per send, 83-106 ms
   * this way (96-115 ms with no queue). A page being hidden writes at once (see onPageHide).
   */
  private queueStorageWrite(): void {
    if (this.storageWriteQueued) return;
    this.storageWriteQueued = true;
    setTimeout(() => this.writeStorage(), 0);
  }

  /**
   * Hands the queued adds, then the queued removes, to the storage, which applies calls in call
   * order (an event added and settled before the write is added, then removed).
   */
  private writeStorage(): void {
    this.storageWriteQueued = false;
    const storage = this.storage;
    if (storage === undefined) return;
    const adds = this.storedAdds;
    const removes = this.storedRemoves;
    this.storedAdds = [];
    this.storedRemoves = [];
    if (adds.length > 0) storage.add(adds).catch((error: unknown) => this.options.onQueueError(error));
    if (removes.length > 0)
      storage.remove(removes).catch((error: unknown) => this.options.onQueueError(error));
  }

  /**
   * Loads the stored events into the buffer ahead of any new one. Events over the buffer's bounds
   * are dropped oldest first and handed to `onFailure`; a stored event that is no JSON envelope
   * is removed and reported to `onQueueError`. A failed load is reported and the client goes on
   * with an empty buffer.
   */
  private async load(storage: EventQueueStorage): Promise<void> {
    let stored: QueuedEvent[] = [];
    try {
      stored = await storage.load();
    } catch (error) {
      this.options.onQueueError(error);
    }
    const records: BufferedEvent<Payload>[] = [];
    const unreadable: string[] = [];
    for (const entry of stored) {
      try {
        records.push(fromStored<Payload>(entry));
      } catch (error) {
        unreadable.push(entry.eventId);
        this.options.onQueueError(error);
      }
    }
    // Keep the newest events that fit the bounds.
    const { maxBufferedRecords, maxBufferedBytes } = this.options;
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
    const failures = records.slice(0, first).map((record) => ({
      event: record.event,
      partitionKey: record.partitionKey,
      attempts: 0,
      reason,
    }));
    for (const record of records.slice(first)) this.batcher.add(record);
    this.storedRemoves.push(...unreadable, ...failures.map((failure) => failure.event.eventId));
    if (this.storedRemoves.length > 0) this.queueStorageWrite();
    this.failed += failures.length;
    this.loading = undefined;
    if (failures.length > 0) this.options.onFailure(failures);
    // Stored events first: send them now, before the sends that waited for the load.
    if (first < records.length) {
      this.draining = true;
      this.pump();
    }
  }

  /** The page is being hidden or left: stores what waits to be stored, then flushes. */
  private onPageHide(): void {
    // No task may run after this one: the queued write would never happen.
    if (this.storageWriteQueued) this.writeStorage();
    if (this.options.flushOnPageHide) this.flushOnPageHide();
  }

  /**
   * Sends what the buffer holds (in a call or not; a key's events together, in order) in
   * keepalive calls within what is left of the 64 KiB quota. The calls start here, in the
   * page-hide handler and its microtasks, before the page may go (see keepaliveKinesisClient). The
   * events stay buffered and stored: those the calls deliver are settled without another call if
   * the page lives on, and replayed from the queue (same `eventId`) if it does not.
   */
  private flushOnPageHide(): void {
    if (this.batcher.records === 0 || !this.options.environment.isOnline()) return;
    const stream = this.options.streamName ?? this.options.streamArn ?? '';
    const budget = KEEPALIVE_QUOTA_BYTES - this.keepaliveBytesInFlight;
    const skip = (record: BufferedEvent<Payload>): boolean =>
      this.keepaliveSending.has(record) || this.deliveredEarly.has(record);
    const calls = keepaliveBatches(this.batcher.held(), budget, stream, skip);
    if (calls.length === 0) return;
    this.keepaliveClient ??= keepaliveKinesisClient(this.options.client);
    for (const call of calls) void this.putKeepalive(this.keepaliveClient, call);
  }

  /** One keepalive call; marks what it delivered. Never rejects; failures are left to the normal path. */
  private async putKeepalive(client: KinesisClient, call: KeepaliveBatch<Payload>): Promise<void> {
    this.keepaliveBytesInFlight += call.bodyBytes;
    for (const record of call.records) this.keepaliveSending.add(record);
    const delivered: BufferedEvent<Payload>[] = [];
    try {
      const output = await client.send(
        new PutRecordsCommand({
          StreamName: this.options.streamName,
          StreamARN: this.options.streamArn,
          Records: call.records.map((record) => ({ Data: record.data, PartitionKey: record.partitionKey })),
        }),
      );
      const results = output.Records ?? [];
      // After a key's first refused entry its later ones count as not delivered: sending them
      // again after the refused one keeps the key's order for the last copy.
      const refusedKeys = new Set<string>();
      call.records.forEach((record, index) => {
        const result = results[index];
        if (result === undefined || result.ErrorCode || refusedKeys.has(record.partitionKey)) {
          refusedKeys.add(record.partitionKey);
        } else {
          delivered.push(record);
        }
      });
    } catch {
      // A failed keepalive call changes nothing: the events are still buffered and stored.
    } finally {
      this.keepaliveBytesInFlight -= call.bodyBytes;
      for (const record of call.records) {
        // Settled meanwhile by an ordinary call: nothing left to do for it.
        if (!this.keepaliveSending.delete(record)) continue;
        if (delivered.includes(record)) {
          this.deliveredEarly.add(record);
          this.forget(record);
        }
      }
      if (this.deliveredEarly.size > 0) this.resume();
    }
  }
}
