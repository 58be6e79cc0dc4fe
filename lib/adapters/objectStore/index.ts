export { listAll } from './listAll';
export type { ObjectStore, StoredObject } from './ObjectStore';
export { MAX_PUT_OBJECT_BYTES, S3ObjectStore, type S3ObjectStoreProps } from './S3ObjectStore';
