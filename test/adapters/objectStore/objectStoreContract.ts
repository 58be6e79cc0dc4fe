import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { listAll, type ObjectStore } from '../../../lib/adapters/objectStore';
import { ObjectNotFoundError } from '../../../lib/core/errors';

/** What every {@link ObjectStore} must do, run against one implementation. */
export interface ObjectStoreUnderTest {
  readonly store: ObjectStore;
  /** Two buckets that exist and are empty at the start of each test. */
  readonly buckets: readonly [string, string];
}

/**
 * Declares the behaviour tests every ObjectStore shares. `setup` runs before each test and
 * returns a store with two fresh buckets.
 */
export function describeObjectStoreContract(setup: () => Promise<ObjectStoreUnderTest>): void {
  let subject: ObjectStoreUnderTest;
  let dir: string;

  beforeEach(async () => {
    subject = await setup();
    dir = mkdtempSync(join(tmpdir(), 'object-store-'));
  });

  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('uploads a file and downloads the same bytes, UTF-8 and binary intact', async () => {
    // Arrange
    const { store, buckets } = subject;
    const bytes = Buffer.concat([Buffer.from('한국어 😀 '), Buffer.from([0, 255, 1, 254])]);
    writeFileSync(join(dir, 'in.bin'), bytes);

    // Act
    await store.uploadFile(buckets[0], 'service/items/k=v/run=1/part-00000-000.parquet', join(dir, 'in.bin'));
    await store.downloadToFile(
      buckets[0],
      'service/items/k=v/run=1/part-00000-000.parquet',
      join(dir, 'out.bin'),
    );

    // Assert
    expect(readFileSync(join(dir, 'out.bin'))).toEqual(bytes);
  });

  it('replaces an object uploaded twice under one key', async () => {
    // Arrange
    const { store, buckets } = subject;
    writeFileSync(join(dir, 'a'), 'first');
    writeFileSync(join(dir, 'b'), 'second');
    await store.uploadFile(buckets[0], 'x/key', join(dir, 'a'));

    // Act
    await store.uploadFile(buckets[0], 'x/key', join(dir, 'b'));

    // Assert
    await store.downloadToFile(buckets[0], 'x/key', join(dir, 'out'));
    expect(readFileSync(join(dir, 'out'), 'utf8')).toBe('second');
    expect(await listAll(store, buckets[0], 'x/')).toEqual([{ key: 'x/key', bytes: 6 }]);
  });

  it('lists the keys under a prefix in key order with their sizes, and only that bucket', async () => {
    // Arrange
    const { store, buckets } = subject;
    writeFileSync(join(dir, 'f'), 'abc');
    for (const key of ['p/b/2', 'p/a', 'p/b/1', 'q/a', 'pp/x', 'p/c/d/e/f']) {
      await store.uploadFile(buckets[0], key, join(dir, 'f'));
    }
    await store.uploadFile(buckets[1], 'p/other', join(dir, 'f'));

    // Act
    const underDir = await listAll(store, buckets[0], 'p/');
    const underPartial = await listAll(store, buckets[0], 'p/b');
    const none = await listAll(store, buckets[0], 'nothing/');

    // Assert
    expect(underDir).toEqual(['p/a', 'p/b/1', 'p/b/2', 'p/c/d/e/f'].map((key) => ({ key, bytes: 3 })));
    expect(underPartial.map(({ key }) => key)).toEqual(['p/b/1', 'p/b/2']);
    expect(none).toEqual([]);
  });

  it('deletes a batch of keys, ignoring keys that do not exist', async () => {
    // Arrange
    const { store, buckets } = subject;
    writeFileSync(join(dir, 'f'), 'abc');
    for (const key of ['d/1', 'd/2', 'd/3']) await store.uploadFile(buckets[0], key, join(dir, 'f'));

    // Act
    await store.delete(buckets[0], ['d/1', 'd/3', 'd/missing']);

    // Assert
    expect(await listAll(store, buckets[0], 'd/')).toEqual([{ key: 'd/2', bytes: 3 }]);
  });

  it('reads a byte range of an object: the bytes asked for, a missing object or a range past its end refused', async () => {
    // Arrange
    const { store, buckets } = subject;
    const bytes = Buffer.from(Array.from({ length: 300 }, (_, index) => index % 256));
    writeFileSync(join(dir, 'in.bin'), bytes);
    await store.uploadFile(buckets[0], 'r/part.parquet', join(dir, 'in.bin'));

    // Act
    const middle = await store.readRange(buckets[0], 'r/part.parquet', 100, 50);
    const last = await store.readRange(buckets[0], 'r/part.parquet', 292, 8);
    const missing = store.readRange(buckets[0], 'r/missing.parquet', 0, 8);
    const pastEnd = store.readRange(buckets[0], 'r/part.parquet', 296, 8);

    // Assert
    expect(Buffer.from(middle)).toEqual(bytes.subarray(100, 150));
    expect(Buffer.from(last)).toEqual(bytes.subarray(292, 300));
    await expect(missing).rejects.toThrow(ObjectNotFoundError);
    await expect(pastEnd).rejects.toThrow(/asked for 8 bytes from byte 296, got 4/);
  });

  it('puts and gets JSON', async () => {
    // Arrange
    const { store, buckets } = subject;
    const value = { rows: 3, files: [{ key: 'a/b', partitionValues: { k: '한' } }], none: null };

    // Act
    await store.putJson(buckets[0], '_manifests/run=1/part-00000.json', value);
    const read = await store.getJson(buckets[0], '_manifests/run=1/part-00000.json');

    // Assert
    expect(read).toEqual(value);
  });

  it('throws ObjectNotFoundError for a missing object on get and download', async () => {
    // Arrange
    const { store, buckets } = subject;

    // Act
    const get = store.getJson(buckets[0], 'missing.json');
    const download = store.downloadToFile(buckets[0], 'missing.bin', join(dir, 'out'));

    // Assert
    await expect(get).rejects.toThrow(ObjectNotFoundError);
    await expect(get).rejects.toThrow(`Object not found: bucket "${buckets[0]}", key "missing.json"`);
    await expect(download).rejects.toThrow(ObjectNotFoundError);
  });
}
