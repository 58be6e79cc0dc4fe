export { decodeBase64 } from './decodeBase64';
export type { EventQueueStorage, QueuedEvent } from './EventQueueStorage';
export { encodeBase64 } from './encodeBase64';
export type { IndexedDbFactory } from './IndexedDbFactory';
export { type IndexedDbEventQueueOptions, indexedDbEventQueue } from './indexedDbEventQueue';
export { type KeyValueEventQueueOptions, type KeyValueStore, keyValueEventQueue } from './keyValueEventQueue';
