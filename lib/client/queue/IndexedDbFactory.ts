/**
 * The parts of the browser's IndexedDB API that {@link indexedDbEventQueue} uses, typed here
 * because this project compiles without the DOM library: `globalThis.indexedDB` (a page, a worker)
 * satisfies it, and so does any `IDBFactory` an app passes.
 *
 * @example
 * ```ts
 * const factory: IndexedDbFactory = globalThis.indexedDB;
 * ```
 */
export interface IndexedDbFactory {
  open(name: string, version?: number): IndexedDbOpenRequest;
}

/** An `IDBRequest`: a result or an error, announced by its handlers. */
export interface IndexedDbRequest<Result> {
  readonly result: Result;
  readonly error: unknown;
  onsuccess: ((event: never) => void) | null;
  onerror: ((event: never) => void) | null;
}

/** An `IDBOpenDBRequest`. */
export interface IndexedDbOpenRequest extends IndexedDbRequest<IndexedDbDatabase> {
  onupgradeneeded: ((event: never) => void) | null;
  onblocked: ((event: never) => void) | null;
}

/** An `IDBDatabase` connection. */
export interface IndexedDbDatabase {
  readonly objectStoreNames: { contains(name: string): boolean };
  createObjectStore(name: string, options: { autoIncrement: boolean }): IndexedDbObjectStore;
  transaction(storeNames: string, mode: 'readonly' | 'readwrite'): IndexedDbTransaction;
  close(): void;
  onversionchange: ((event: never) => void) | null;
  onclose: ((event: never) => void) | null;
}

/** An `IDBTransaction`. */
export interface IndexedDbTransaction {
  readonly error: unknown;
  objectStore(name: string): IndexedDbObjectStore;
  abort(): void;
  oncomplete: ((event: never) => void) | null;
  onabort: ((event: never) => void) | null;
}

/** An `IDBObjectStore`. */
export interface IndexedDbObjectStore {
  add(value: unknown): IndexedDbRequest<unknown>;
  getAll(): IndexedDbRequest<unknown[]>;
  delete(key: unknown): IndexedDbRequest<undefined>;
  index(name: string): IndexedDbIndex;
  createIndex(name: string, keyPath: string, options: { unique: boolean }): IndexedDbIndex;
}

/** An `IDBIndex`. */
export interface IndexedDbIndex {
  getAllKeys(query: unknown): IndexedDbRequest<unknown[]>;
}
