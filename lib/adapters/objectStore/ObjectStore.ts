/** One object in a listing. */
export interface StoredObject {
  readonly key: string;
  readonly bytes: number;
}

/**
 * Objects in buckets: S3 in AWS ({@link S3ObjectStore}), a directory per bucket in local mode
 * (`FileObjectStore`). The pipeline moves whole files through it (export parts down, curated
 * Parquet up), small JSON documents (manifests) and byte ranges (Parquet footers).
 */
export interface ObjectStore {
  /**
   * Writes the object's bytes to `file` (its directory must exist), streaming, so a part of any
   * size never sits in memory.
   *
   * @throws ObjectNotFoundError when there is no such object
   */
  downloadToFile(bucket: string, key: string, file: string): Promise<void>;
  /**
   * The `length` bytes of the object from byte `start` (a ranged GET on S3), so a caller reads a
   * Parquet footer without fetching the file.
   *
   * @throws ObjectNotFoundError when there is no such object
   * @throws DataLakeError when the object ends before `start + length`
   */
  readRange(bucket: string, key: string, start: number, length: number): Promise<Uint8Array>;
  /** Stores `file` as the object, replacing any object of that key. */
  uploadFile(bucket: string, key: string, file: string): Promise<void>;
  /** Every object whose key starts with `prefix`, in key order, fetched page by page. */
  list(bucket: string, prefix: string): AsyncIterable<StoredObject>;
  /** Deletes the objects; keys that do not exist are ignored. */
  delete(bucket: string, keys: readonly string[]): Promise<void>;
  /**
   * The object parsed as JSON, unchecked: validate it (e.g. `parseManifest`) before use.
   *
   * @throws ObjectNotFoundError when there is no such object
   */
  getJson(bucket: string, key: string): Promise<unknown>;
  /** Stores `value` as JSON, replacing any object of that key. */
  putJson(bucket: string, key: string, value: unknown): Promise<void>;
}
