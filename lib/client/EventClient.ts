import { PutRecordsCommand } from '@aws-sdk/client-kinesis';
import { BufferFullError, EventClientClosedError } from '../core/errors';
import type { BufferedEvent } from './BufferedEvent';
import { backoffDelay } from './backoffDelay';
import { buildRecord } from './buildRecord';
import type { EventClientOptions, EventClientStats, EventDeliveryFailure } from './EventClientOptions';
import { isRetryableError } from './isRetryableError';
import { PageHideFlush } from './PageHideFlush';
import { DurableQueueWriter } from './queue/DurableQueueWriter';
import { RecordBatcher } from './RecordBatcher';
import { type ResolvedEventClientOptions, resolveEventClientOptions } from './resolveEventClientOptions';

/** A `send()` waiting for room in a full buffer (policy `'wait'`). */
interface RoomWaiter<Payload extends Record<string, unknown>> {
  readonly record: BufferedEvent<Payload>;
  readonly admitted: () => void;
}

function describeError(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
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
 *   detectable. Sends made while it loads them wait for the load, at most `queueLoadTimeoutMs`
 *   (then the client goes on in memory only). A failing storage is reported
 *   to `onQueueError` and changes nothing else (see {@link DurableQueueWriter}).
 * - Offline (`navigator.onLine === false`): no call starts, new or retry; sending resumes on the
 *   `online` event. A call that fails for want of network while offline does not count as an
 *   attempt. `flush()` and `close()` wait for the network.
 * - Web pages (`flushOnPageHide`): when the page is hidden or left, what is buffered is sent at
 *   once in keepalive requests, within the 64 KiB keepalive quota, a key's events in order in one
 *   call (see {@link PageHideFlush}). The rest stays queued for the next load; events those
 *   requests delivered are not sent again if the page lives on.
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
  /** The durable queue's writes; none with `queue: false` or once its load timed out. */
  private queue: DurableQueueWriter | undefined;
  /** The load of the stored events, until it is done; sends wait for it. */
  private loading: Promise<void> | undefined;
  /** The keepalive flush of a page being hidden; none where there is no page. */
  private readonly pageHideFlush: PageHideFlush<Payload> | undefined;
  private readonly removeListeners: (() => void)[] = [];

  /**
   * Checks the options and applies their defaults; no call is made and no timer runs until the
   * first event, except the load of a durable queue's stored events, which starts here.
   *
   * @throws InvalidPropsError naming every bad option
   */
  public constructor(options: EventClientOptions<Payload>) {
    this.options = resolveEventClientOptions(options);
    const { environment, queue, flushOnPageHide, client, streamName, streamArn, onQueueError } = this.options;
    this.removeListeners.push(environment.onOnline(() => this.resume()));
    if (environment.onPageHide !== undefined && (flushOnPageHide || queue !== false)) {
      this.removeListeners.push(environment.onPageHide(() => this.onPageHide()));
    }
    if (flushOnPageHide && environment.onPageHide !== undefined) {
      this.pageHideFlush = new PageHideFlush<Payload>({
        client,
        streamName,
        streamArn,
        onDelivered: (record) => this.queue?.remove(record),
        onCallEnd: () => this.resume(),
      });
    }
    if (queue !== false) {
      this.queue = new DurableQueueWriter(queue, onQueueError, this.options.queueLoadTimeoutMs);
      this.loading = this.load(this.queue);
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
    this.pageHideFlush?.destroy();
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
    if (this.queue !== undefined) this.queue.add(record);
    if (this.batcher.hasFullBatch) this.pump();
    else this.schedule();
  }

  /** Admits waiting sends, in order, while they fit. */
  private admitWaiters(): void {
    while (this.roomWaiters.length > 0 && this.hasRoomFor(this.roomWaiters[0].record)) {
      const waiter = this.roomWaiters.shift();
      if (!waiter) break;
      this.batcher.add(waiter.record);
      if (this.queue !== undefined) this.queue.add(waiter.record);
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
      if (this.queue !== undefined) this.queue.remove(dropped);
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
      if (this.pageHideFlush?.hasDelivered && this.settleDeliveredEarly(this.pageHideFlush, batch)) continue;
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
  private settleDeliveredEarly(
    pageHideFlush: PageHideFlush<Payload>,
    batch: BufferedEvent<Payload>[],
  ): boolean {
    let kept = 0;
    for (const record of batch) {
      if (pageHideFlush.takeDelivered(record)) {
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
    if (this.pageHideFlush?.hasDelivered && this.pageHideFlush.wasDelivered(record)) {
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
    if (this.pageHideFlush !== undefined) this.pageHideFlush.release(record);
    if (this.queue !== undefined) this.queue.remove(record);
  }

  /**
   * Loads the stored events into the buffer ahead of any new one; those dropped to fit the bounds
   * go to `onFailure`. A load given up after `queueLoadTimeoutMs` leaves the client in memory only
   * (see {@link DurableQueueWriter.load}).
   */
  private async load(queue: DurableQueueWriter): Promise<void> {
    const { records, dropped, timedOut } = await queue.load<Payload>(this.options);
    // Memory only from now on: writes after a load that never came would leave the storage half
    // synced; what it holds stays for a later client.
    if (timedOut) this.queue = undefined;
    for (const record of records) this.batcher.add(record);
    this.failed += dropped.length;
    this.loading = undefined;
    if (dropped.length > 0) this.options.onFailure(dropped);
    // Stored events first: send them now, before the sends that waited for the load.
    if (records.length > 0) {
      this.draining = true;
      this.pump();
    }
  }

  /** The page is being hidden or left: stores what waits to be stored, then flushes. */
  private onPageHide(): void {
    // No task may run after this one: the queued write would never happen.
    if (this.queue !== undefined) this.queue.writeNow();
    if (this.pageHideFlush === undefined) return;
    if (this.batcher.records === 0 || !this.options.environment.isOnline()) return;
    this.pageHideFlush.send(this.batcher.held());
  }
}
