import type { EventQueueStorage, QueuedEvent } from '../../lib/client/queue/EventQueueStorage';

/** An in-memory {@link EventQueueStorage} whose operations can be made to fail, for tests. */
export interface MemoryEventQueue extends EventQueueStorage {
  /** What is stored now, oldest first. */
  readonly stored: QueuedEvent[];
  /** The operations made, in order, as `add:<n>` / `remove:<n>` / `load`. */
  readonly log: string[];
  /** While set, every operation rejects with this error and changes nothing. */
  failWith: Error | undefined;
  /** Resolves once every operation called so far has been applied. */
  idle(): Promise<void>;
}

/**
 * A durable queue kept in an array, each operation resolving a macrotask later (as IndexedDB's
 * transactions do) and applied in call order; two clients given the same one see one storage,
 * as two page loads see one IndexedDB database.
 */
export function memoryEventQueue(initial: readonly QueuedEvent[] = []): MemoryEventQueue {
  const stored: QueuedEvent[] = [...initial];
  const log: string[] = [];
  let last: Promise<unknown> = Promise.resolve();
  const queue: MemoryEventQueue = {
    stored,
    log,
    failWith: undefined,
    idle: () => last.then(() => undefined),
    load: () => run('load', () => stored.map((event) => ({ ...event, data: event.data.slice() }))),
    add: (events) =>
      run(`add:${events.length}`, () => {
        stored.push(...events.map((event) => ({ ...event, data: event.data.slice() })));
      }),
    remove: (ids) =>
      run(`remove:${ids.length}`, () => {
        const gone = new Set(ids);
        const kept = stored.filter((event) => !gone.has(event.eventId));
        stored.splice(0, stored.length, ...kept);
      }),
  };
  function run<T>(operation: string, apply: () => T): Promise<T> {
    const failure = queue.failWith;
    const result = last.then(
      () =>
        new Promise<T>((done, fail) => {
          setTimeout(() => {
            log.push(operation);
            if (failure) fail(failure);
            else done(apply());
          }, 0);
        }),
    );
    last = result.catch(() => undefined);
    return result;
  }
  return queue;
}
