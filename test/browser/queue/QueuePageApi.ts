/** An event as it crosses into the page: its data as text (UTF-8) or as `size` filler bytes. */
export interface PageEvent {
  readonly eventId: string;
  readonly partitionKey: string;
  readonly text?: string;
  readonly size?: number;
}

/** A loaded event as the page reports it. */
export interface LoadedEvent {
  readonly eventId: string;
  readonly partitionKey: string;
  /** `data` decoded as UTF-8, or a checksum line for large filler data. */
  readonly text: string;
  readonly byteLength: number;
  /** Whether `data` came back a Uint8Array owning exactly its bytes (not a view of a larger buffer). */
  readonly ownBytes: boolean;
}

/** A call's rejection as the page reports it. */
export interface PageFailure {
  readonly name: string;
  readonly message: string;
  readonly operation?: string;
  readonly causeName?: string;
}

/** What queuePage.ts puts on `globalThis.queuePage`, for `page.evaluate`; each call names its database. */
export interface QueuePageApi {
  add(database: string, events: readonly PageEvent[]): Promise<void>;
  load(database: string): Promise<LoadedEvent[]>;
  remove(database: string, eventIds: readonly string[]): Promise<void>;
  /**
   * Starts all calls at once without waiting (adds of one event each, and after every second add a
   * remove of the event before it), then waits for all; resolves with the failures.
   */
  concurrent(database: string, events: readonly PageEvent[]): Promise<PageFailure[]>;
  /** `add` that resolves with its failure instead of rejecting. */
  tryAdd(database: string, events: readonly PageEvent[]): Promise<PageFailure | undefined>;
  /** Deletes the database as another tab would (indexedDB.deleteDatabase); resolves on success, rejects if blocked 5 s. */
  deleteDatabase(database: string): Promise<void>;
  /** A view of `size` bytes in the middle of a larger buffer, added as it is. */
  addView(database: string, eventId: string, text: string): Promise<void>;
}
