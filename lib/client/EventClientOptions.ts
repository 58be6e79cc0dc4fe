import type { KinesisClient } from '@aws-sdk/client-kinesis';
import type * as z from 'zod';
import type { EventEnvelope } from '../core/events';
import type { BrowserEnvironment } from './BrowserEnvironment';
import type { EventQueueStorage } from './queue/EventQueueStorage';

/**
 * What `send()` does when the buffer has no room: `'wait'` awaits until acknowledged events
 * free room (back pressure, in send order), `'reject'` rejects at once with a `BufferFullError`,
 * `'dropOldest'` drops the oldest events not in a call (handing them to `onFailure`) and buffers
 * the new one (it waits, as `'wait'`, only when every event held is in a call).
 */
export type FullBufferPolicy = 'wait' | 'reject' | 'dropOldest';

/** The stream to write to, by name or by ARN (one of the two). */
export type EventStreamTarget =
  | { readonly streamName: string; readonly streamArn?: never }
  | { readonly streamArn: string; readonly streamName?: never };

/** An event the client gave up on, handed to `onFailure`. */
export interface EventDeliveryFailure<Payload extends Record<string, unknown> = Record<string, unknown>> {
  /** The event as built; its `eventId` was the same on every attempt. */
  readonly event: EventEnvelope<Payload>;
  readonly partitionKey: string;
  /** PutRecords attempts made for it. */
  readonly attempts: number;
  /** The last error: Kinesis's per-record `ErrorCode: ErrorMessage`, or the failed call's error. */
  readonly reason: string;
}

/** Tuning of an {@link EventClient}: batching, buffer, retries. Every field has a default. */
export interface EventClientTuning {
  /**
   * How long an event may wait in the buffer before a PutRecords call is started for it.
   * A call starts earlier once a full call's worth (500 records or 5 MiB) is buffered.
   *
   * @default 1000
   */
  readonly flushIntervalMs?: number;
  /**
   * Events held at most: buffered, in flight or waiting for a retry.
   *
   * @default 10000
   */
  readonly maxBufferedRecords?: number;
  /**
   * Bytes (data + partition keys) held at most, counted like `maxBufferedRecords`. At least
   * 1 MiB, so the largest record fits.
   *
   * @default 16777216 (16 MiB)
   */
  readonly maxBufferedBytes?: number;
  /**
   * What `send()` does when the buffer is full.
   *
   * @default 'wait'
   */
  readonly fullBufferPolicy?: FullBufferPolicy;
  /**
   * PutRecords attempts per event, the first included, before it fails.
   *
   * @default 8
   */
  readonly maxAttempts?: number;
  /**
   * Backoff before the first retry, doubled on each later one (full jitter: a uniform random
   * wait between 0 and the doubled value).
   *
   * @default 100
   */
  readonly baseBackoffMs?: number;
  /**
   * Cap of the doubled backoff.
   *
   * @default 5000
   */
  readonly maxBackoffMs?: number;
  /**
   * PutRecords calls in flight at once. Calls in flight never share a partition key.
   *
   * @default 4
   */
  readonly maxConcurrentCalls?: number;
  /**
   * The clock (ms since the epoch), for `clientTime` and backoff deadlines.
   *
   * @default Date.now
   */
  readonly now?: () => number;
  /**
   * A uniform random number in [0, 1), for backoff jitter.
   *
   * @default Math.random
   */
  readonly random?: () => number;
  /**
   * Makes each event's `eventId`.
   *
   * @default a random UUID v4 (`crypto.randomUUID` where it exists, `crypto.getRandomValues`
   *   otherwise, as in a page served over plain http)
   */
  readonly eventId?: () => string;
}

/** Where and how an {@link EventClient} keeps events across reloads, and its host. */
export interface EventClientDurability {
  /**
   * Where events are kept until Kinesis accepted them or they failed for good, so a reload or a
   * crash loses nothing: each accepted event is added (the adds of one task together) and removed
   * once settled; a new client on the same storage sends the stored events first, with their
   * original `eventId`. `false` keeps events in memory only.
   *
   * @default an IndexedDB queue, database `datalake-events:<stream name or ARN>`, where
   *   `globalThis.indexedDB` exists (pages and workers); none elsewhere (Node; on React Native
   *   pass `keyValueEventQueue(AsyncStorage)`)
   */
  readonly queue?: EventQueueStorage | false;
  /**
   * Told when the queue's storage fails (load, add or remove: quota exceeded, private mode). The
   * events stay in memory and are still sent; only their survival across a reload is lost.
   *
   * @default logs the error with `console.warn`
   */
  readonly onQueueError?: (error: unknown) => void;
  /**
   * How long sends wait for the queue's stored events before the client goes on without them. A
   * load that never settles (an IndexedDB open `blocked` by another tab's older connection, a
   * broken app storage) would otherwise hold every `send()` and `flush()` forever. After this wait
   * the client reports an `EventQueueStorageError` (operation `load`) to `onQueueError` and keeps
   * its events in memory only: it writes nothing more to the storage, and the stored events stay
   * there for a later client.
   *
   * @default 5000
   */
  readonly queueLoadTimeoutMs?: number;
  /**
   * Network state and page lifecycle of the host.
   *
   * @default read from the globals (`navigator.onLine`, `online`, `visibilitychange`, `pagehide`)
   */
  readonly environment?: BrowserEnvironment;
  /**
   * On a web page, send what is buffered with keepalive requests when the page is hidden or
   * left, within the 64 KiB keepalive quota. Has no effect where there is no page.
   *
   * @default true
   */
  readonly flushOnPageHide?: boolean;
}

/** Options of an {@link EventClient}. */
export type EventClientOptions<Payload extends Record<string, unknown>> = EventStreamTarget &
  EventClientTuning &
  EventClientDurability & {
    /**
     * The Kinesis client to send with, made by the app (region, credentials: e.g. a Cognito
     * identity pool in a browser). Its own retries add to the event client's: give it
     * `maxAttempts: 1` to leave retries to the event client alone.
     */
    readonly client: KinesisClient;
    /** Envelope or payload field whose value is the partition key, as `partitionKeyField` in the stream config. */
    readonly partitionKeyField: string;
    /** The app's zod schema of the payload; `send()` validates every payload with it. */
    readonly payloadSchema: z.ZodType<Payload>;
    /** Version of the payload schema, written into every envelope (an integer ≥ 1). */
    readonly schemaVersion: number;
    /**
     * Receives the events that failed for good (after `maxAttempts`, or at once on an error no
     * retry fixes, such as a missing stream or denied access), once per failed PutRecords call.
     * This is the only way failures are reported: the client never drops an event silently, and
     * `flush()`/`close()` resolve once every event is delivered or handed to this callback.
     * It must not throw: an error it throws surfaces as an unhandled promise rejection.
     */
    readonly onFailure: (failures: readonly EventDeliveryFailure<Payload>[]) => void;
  };

/** Counters of an {@link EventClient} since it was made. */
export interface EventClientStats {
  /** Events Kinesis acknowledged. */
  readonly sent: number;
  /** Retries scheduled (an event retried twice counts 2). */
  readonly retried: number;
  /** Events that failed for good. */
  readonly failed: number;
  /** Events held now: buffered, in flight or waiting for a retry. */
  readonly buffered: number;
}
