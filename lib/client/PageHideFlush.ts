import { type KinesisClient, PutRecordsCommand } from '@aws-sdk/client-kinesis';
import type { BufferedEvent } from './BufferedEvent';
import { type KeepaliveBatch, keepaliveBatches } from './keepaliveBatches';
import { keepaliveKinesisClient } from './keepaliveKinesisClient';

/**
 * Request-body bytes that keepalive fetches may have in flight at once: "If the sum of
 * contentLength and inflightKeepaliveBytes is greater than 64 kibibytes, then return a network
 * error" (https://fetch.spec.whatwg.org/#http-network-or-cache-fetch). The quota is shared with
 * the page's other keepalive requests and beacons.
 */
const KEEPALIVE_QUOTA_BYTES = 64 * 1024;

/** Where a {@link PageHideFlush} sends, and what it tells its client. */
export interface PageHideFlushSettings<Payload extends Record<string, unknown>> {
  /** The app's client: its region, endpoint and credentials make the keepalive client. */
  readonly client: KinesisClient;
  readonly streamName?: string;
  readonly streamArn?: string;
  /** A keepalive call delivered this event: it is settled, so it leaves the durable queue. */
  readonly onDelivered: (record: BufferedEvent<Payload>) => void;
  /** A keepalive call ended and delivered events wait to be settled: the client should pump. */
  readonly onCallEnd: () => void;
}

/**
 * An `EventClient`'s page-hide flush: sends what the client holds in keepalive PutRecords calls
 * within what is left of the 64 KiB keepalive quota, and keeps track of those calls. The events
 * stay in the client's buffer and durable queue: those a call delivered are marked, so the client
 * settles them without another call if the page lives on; if it does not, the next load replays
 * them from the queue (same `eventId`).
 *
 * Made on a page only; it resolves the credentials at once (see {@link keepaliveKinesisClient}).
 *
 * @example
 * ```ts
 * const flush = new PageHideFlush({ client, streamName: 'app-events', onDelivered: forget, onCallEnd: pump });
 * flush.send(batcher.held()); // in the pagehide handler
 * if (flush.wasDelivered(record)) settle(record);
 * ```
 */
export class PageHideFlush<Payload extends Record<string, unknown>> {
  private keepaliveClient: KinesisClient | undefined;
  private bytesInFlight = 0;
  /** Events in a keepalive call not answered yet. */
  private readonly sending = new Set<BufferedEvent<Payload>>();
  /** Events a keepalive call delivered that are still held: settled, not sent, when next batched. */
  private readonly delivered = new Set<BufferedEvent<Payload>>();

  public constructor(private readonly settings: PageHideFlushSettings<Payload>) {
    // Credentials fetched inside pagehide (a Cognito identity pool's) would come too late: the
    // browser test without this loses the events. The provider is the app client's memoized one,
    // so this is the fetch the first call would make; its errors surface through the calls.
    this.keepaliveClient = keepaliveKinesisClient(settings.client);
    this.keepaliveClient.config.credentials().catch(() => undefined);
  }

  /** Whether some delivered events are still held (cheap: checked before each lookup). */
  public get hasDelivered(): boolean {
    return this.delivered.size > 0;
  }

  /** Whether a keepalive call delivered this held event. */
  public wasDelivered(record: BufferedEvent<Payload>): boolean {
    return this.delivered.has(record);
  }

  /** Unmarks a delivered event the client now settles; true if it was delivered. */
  public takeDelivered(record: BufferedEvent<Payload>): boolean {
    return this.delivered.delete(record);
  }

  /** Forgets an event the client settled for good. */
  public release(record: BufferedEvent<Payload>): void {
    if (this.delivered.size > 0) this.delivered.delete(record);
    if (this.sending.size > 0) this.sending.delete(record);
  }

  /**
   * Sends `held` (in a call or not; a key's events together, in order, as `RecordBatcher.held()`
   * yields them) in keepalive calls within what is left of the quota. The calls start here, in
   * the page-hide handler and its microtasks, before the page may go.
   */
  public send(held: Iterable<BufferedEvent<Payload>>): void {
    const stream = this.settings.streamName ?? this.settings.streamArn ?? '';
    const budget = KEEPALIVE_QUOTA_BYTES - this.bytesInFlight;
    const skip = (record: BufferedEvent<Payload>): boolean =>
      this.sending.has(record) || this.delivered.has(record);
    const calls = keepaliveBatches(held, budget, stream, skip);
    if (calls.length === 0) return;
    this.keepaliveClient ??= keepaliveKinesisClient(this.settings.client);
    for (const call of calls) void this.put(this.keepaliveClient, call);
  }

  /** Destroys the keepalive client (its sockets, if any). */
  public destroy(): void {
    this.keepaliveClient?.destroy();
    this.keepaliveClient = undefined;
  }

  /** One keepalive call; marks what it delivered. Never rejects; failures are left to the normal path. */
  private async put(client: KinesisClient, call: KeepaliveBatch<Payload>): Promise<void> {
    this.bytesInFlight += call.bodyBytes;
    for (const record of call.records) this.sending.add(record);
    const delivered: BufferedEvent<Payload>[] = [];
    try {
      const output = await client.send(
        new PutRecordsCommand({
          StreamName: this.settings.streamName,
          StreamARN: this.settings.streamArn,
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
      this.bytesInFlight -= call.bodyBytes;
      for (const record of call.records) {
        // Settled meanwhile by an ordinary call: nothing left to do for it.
        if (!this.sending.delete(record)) continue;
        if (delivered.includes(record)) {
          this.delivered.add(record);
          this.settings.onDelivered(record);
        }
      }
      if (this.delivered.size > 0) this.settings.onCallEnd();
    }
  }
}
