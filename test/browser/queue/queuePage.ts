/**
 * Page entry of the IndexedDB queue tests: exposes {@link QueuePageApi} as `globalThis.queuePage`,
 * one indexedDbEventQueue per database name (made on first use, kept across calls like a client's).
 */

import { type EventQueueStorage, indexedDbEventQueue, type QueuedEvent } from '../../../lib/client/queue';
import { EventQueueStorageError } from '../../../lib/core/errors';
import type { LoadedEvent, PageEvent, PageFailure, QueuePageApi } from './QueuePageApi';

/** The one IndexedDB call used here directly (the project's type check has no DOM library). */
interface DeleteRequest {
  onsuccess: (() => void) | null;
  onerror: (() => void) | null;
  onblocked: (() => void) | null;
  readonly error: unknown;
}
const scope = globalThis as unknown as {
  indexedDB: { deleteDatabase(name: string): DeleteRequest };
  queuePage: QueuePageApi;
};

const encoder = new TextEncoder();
const decoder = new TextDecoder();
const queues = new Map<string, EventQueueStorage>();

function queue(database: string): EventQueueStorage {
  let storage = queues.get(database);
  if (!storage) {
    storage = indexedDbEventQueue({ databaseName: database });
    queues.set(database, storage);
  }
  return storage;
}

/** Filler bytes derived from the id, so a loaded record is checked byte for byte by its checksum. */
function filler(eventId: string, size: number): Uint8Array {
  const bytes = new Uint8Array(size);
  let seed = [...eventId].reduce((sum, char) => (sum * 31 + char.charCodeAt(0)) >>> 0, 7);
  for (let index = 0; index < size; index += 1) {
    seed = (seed * 1103515245 + 12345) >>> 0;
    bytes[index] = seed >>> 24;
  }
  return bytes;
}

function checksum(bytes: Uint8Array): string {
  let sum = 0;
  for (let index = 0; index < bytes.length; index += 1) sum = (sum * 33 + bytes[index]) >>> 0;
  return `checksum:${sum}`;
}

function toQueued(event: PageEvent): QueuedEvent {
  const data =
    event.size === undefined ? encoder.encode(event.text ?? '') : filler(event.eventId, event.size);
  return { eventId: event.eventId, partitionKey: event.partitionKey, data };
}

function toLoaded(event: QueuedEvent): LoadedEvent {
  const { data } = event;
  const isFiller = data.byteLength > 4096;
  return {
    eventId: event.eventId,
    partitionKey: event.partitionKey,
    text: isFiller ? checksum(data) : decoder.decode(data),
    byteLength: data.byteLength,
    ownBytes:
      data instanceof Uint8Array && data.byteOffset === 0 && data.buffer.byteLength === data.byteLength,
  };
}

function toFailure(error: unknown): PageFailure {
  if (error instanceof EventQueueStorageError) {
    const cause = error.cause as { name?: string } | undefined;
    return { name: error.name, message: error.message, operation: error.operation, causeName: cause?.name };
  }
  return error instanceof Error
    ? { name: error.name, message: error.message }
    : { name: 'unknown', message: String(error) };
}

scope.queuePage = {
  add: (database, events) => queue(database).add(events.map(toQueued)),
  load: async (database) => (await queue(database).load()).map(toLoaded),
  remove: (database, eventIds) => queue(database).remove(eventIds),
  concurrent: async (database, events) => {
    const storage = queue(database);
    const calls: Promise<void>[] = [];
    events.forEach((event, index) => {
      calls.push(storage.add([toQueued(event)]));
      if (index % 2 === 1) calls.push(storage.remove([events[index - 1].eventId]));
    });
    const settled = await Promise.allSettled(calls);
    return settled.flatMap((result) => (result.status === 'rejected' ? [toFailure(result.reason)] : []));
  },
  tryAdd: async (database, events) => {
    try {
      await queue(database).add(events.map(toQueued));
      return undefined;
    } catch (error) {
      return toFailure(error);
    }
  },
  deleteDatabase: (database) =>
    new Promise<void>((resolve, reject) => {
      const request = scope.indexedDB.deleteDatabase(database);
      const timer = setTimeout(() => reject(new Error(`deleting ${database} stayed blocked for 5 s`)), 5000);
      request.onsuccess = () => {
        clearTimeout(timer);
        resolve();
      };
      request.onerror = () => {
        clearTimeout(timer);
        reject(request.error);
      };
      // 'blocked' alone is not a failure: the delete proceeds once the open connections close.
      request.onblocked = () => undefined;
    }),
  addView: (database, eventId, text) => {
    const bytes = encoder.encode(text);
    const buffer = new Uint8Array(64 * 1024);
    buffer.set(bytes, 1000);
    return queue(database).add([
      { eventId, partitionKey: 'view', data: buffer.subarray(1000, 1000 + bytes.length) },
    ]);
  },
};
