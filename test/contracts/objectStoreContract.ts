import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { listAll, type ObjectStore } from '../../lib/adapters/objectStore';
import { DataLakeError, ObjectNotFoundError } from '../../lib/core/errors';

/** A store under test and two buckets that exist and are empty. */
export interface ObjectStoreUnderTest {
  readonly store: ObjectStore;
  readonly buckets: readonly [string, string];
}

/** Where an implementation's stand-in differs from the real service: the case is skipped, with the reason. */
export interface ObjectStoreContractGaps {
  /** Why listing in UTF-8 binary key order cannot be checked here. */
  readonly utf8KeyOrder?: string;
}

/** The error `promise` rejects with; `undefined` when it resolves. */
async function failure(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => undefined,
    (error: unknown) => error,
  );
}

/** UTF-8 binary order, S3's listing order (S3 User Guide, "Listing object keys programmatically"). */
function utf8Order(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

/**
 * The behaviour every {@link ObjectStore} shares, declared as one `describe` block: `makeStore`
 * runs before each test and returns a store with two fresh buckets. Each implementation's test
 * file calls this once; what only one implementation has (S3 page sizes, file-store key rules)
 * is tested beside it.
 *
 * @example
 * ```ts
 * describeObjectStoreContract('FileObjectStore', async () => ({ store: new FileObjectStore(root), buckets: ['raw', 'curated'] }));
 * ```
 */
export function describeObjectStoreContract(
  name: string,
  makeStore: () => Promise<ObjectStoreUnderTest>,
  gaps: ObjectStoreContractGaps = {},
): void {
  describe(`ObjectStore contract: ${name}`, () => {
    let subject: ObjectStoreUnderTest;
    let dir: string;

    beforeEach(async () => {
      subject = await makeStore();
      dir = mkdtempSync(join(tmpdir(), 'object-store-'));
    });

    afterEach(() => rmSync(dir, { recursive: true, force: true }));

    const file = (fileName: string, content: string | Buffer): string => {
      const path = join(dir, fileName);
      writeFileSync(path, content);
      return path;
    };

    it('uploads a file and downloads the same bytes, UTF-8 and binary intact', async () => {
      // Arrange
      const { store, buckets } = subject;
      const bytes = Buffer.concat([Buffer.from('한국어 😀 '), Buffer.from([0, 255, 1, 254])]);
      const key = 'service/items/k=v/run=1/part-00000-000.parquet';

      // Act
      await store.uploadFile(buckets[0], key, file('in.bin', bytes));
      await store.downloadToFile(buckets[0], key, join(dir, 'out.bin'));

      // Assert
      expect(readFileSync(join(dir, 'out.bin'))).toEqual(bytes);
    });

    it('replaces an object written twice under one key, by upload or as JSON', async () => {
      // Arrange
      const { store, buckets } = subject;
      await store.uploadFile(buckets[0], 'x/file', file('a', 'first'));
      await store.putJson(buckets[0], 'x/doc.json', { version: 1, padding: 'longer than the second' });

      // Act
      await store.uploadFile(buckets[0], 'x/file', file('b', 'second'));
      await store.putJson(buckets[0], 'x/doc.json', { version: 2 });

      // Assert
      await store.downloadToFile(buckets[0], 'x/file', join(dir, 'out'));
      expect(readFileSync(join(dir, 'out'), 'utf8')).toBe('second');
      expect(await store.getJson(buckets[0], 'x/doc.json')).toEqual({ version: 2 });
      expect(await listAll(store, buckets[0], 'x/')).toEqual([
        { key: 'x/doc.json', bytes: '{"version":2}'.length },
        { key: 'x/file', bytes: 6 },
      ]);
    });

    it('lists the keys under a prefix in key order with their sizes, and only that bucket', async () => {
      // Arrange
      const { store, buckets } = subject;
      const abc = file('f', 'abc');
      for (const key of ['p/b/2', 'p/a', 'p/b/1', 'q/a', 'pp/x', 'p/c/d/e/f']) {
        await store.uploadFile(buckets[0], key, abc);
      }
      await store.uploadFile(buckets[1], 'p/other', abc);

      // Act
      const underDir = await listAll(store, buckets[0], 'p/');
      const underPartial = await listAll(store, buckets[0], 'p/b');
      const everything = await listAll(store, buckets[0], '');
      const none = await listAll(store, buckets[0], 'nothing/');

      // Assert
      expect(underDir).toEqual(['p/a', 'p/b/1', 'p/b/2', 'p/c/d/e/f'].map((key) => ({ key, bytes: 3 })));
      expect(underPartial.map(({ key }) => key)).toEqual(['p/b/1', 'p/b/2']);
      expect(everything.map(({ key }) => key)).toEqual(['p/a', 'p/b/1', 'p/b/2', 'p/c/d/e/f', 'pp/x', 'q/a']);
      expect(none).toEqual([]);
    });

    // ListObjectsV2 returns at most 1,000 keys a request (Amazon S3 API Reference, "ListObjectsV2":
    // MaxKeys); DeleteObjects takes at most 1,000 keys (Amazon S3 API Reference, "DeleteObjects").
    it('lists and deletes 1,050 keys, past one 1,000-key page and one 1,000-key delete', async () => {
      // Arrange
      const { store, buckets } = subject;
      const keys = Array.from({ length: 1050 }, (_, index) => `many/part-${String(index).padStart(5, '0')}`);
      const one = file('one', 'x');
      for (let start = 0; start < keys.length; start += 50) {
        await Promise.all(keys.slice(start, start + 50).map((key) => store.uploadFile(buckets[0], key, one)));
      }

      // Act
      const listed = await listAll(store, buckets[0], 'many/');
      await store.delete(buckets[0], keys);
      const afterDelete = await listAll(store, buckets[0], 'many/');

      // Assert
      expect(listed.map(({ key }) => key)).toEqual(keys);
      expect(afterDelete).toEqual([]);
    }, 60_000);

    it('keeps keys with spaces, Korean and emoji: write, read, list and delete them by the same key', async () => {
      // Arrange
      const { store, buckets } = subject;
      const keys = [
        'u/with space/a b.json',
        'u/한국어/파일.json',
        'u/emoji 😀/x.json',
        'u/plus+and%percent.json',
      ];

      // Act
      for (const [index, key] of keys.entries()) await store.putJson(buckets[0], key, { index });
      const read = await Promise.all(keys.map((key) => store.getJson(buckets[0], key)));
      const listed = await listAll(store, buckets[0], 'u/');
      await store.delete(buckets[0], [keys[0] as string]);
      const afterDelete = await listAll(store, buckets[0], 'u/');

      // Assert
      expect(read).toEqual(keys.map((_, index) => ({ index })));
      expect(listed.map(({ key }) => key).sort()).toEqual([...keys].sort());
      expect(afterDelete.map(({ key }) => key).sort()).toEqual(keys.slice(1).sort());
    });

    (gaps.utf8KeyOrder === undefined ? it : it.skip)(
      `lists in UTF-8 binary key order, as S3 does${gaps.utf8KeyOrder === undefined ? '' : ` (skipped: ${gaps.utf8KeyOrder})`}`,
      async () => {
        // Arrange: upper case sorts before lower case, and U+FF46 before an emoji, by bytes
        // (UTF-16 code units would put the emoji's surrogates first).
        const { store, buckets } = subject;
        const keys = ['o/b', 'o/B', 'o/a', 'o/ｆ', 'o/😀', 'o/한', 'o/A z'];
        for (const key of keys) await store.putJson(buckets[0], key, {});

        // Act
        const listed = await listAll(store, buckets[0], 'o/');

        // Assert
        expect(listed.map(({ key }) => key)).toEqual([...keys].sort(utf8Order));
        expect(listed.map(({ key }) => key)).toEqual(['o/A z', 'o/B', 'o/a', 'o/b', 'o/한', 'o/ｆ', 'o/😀']);
      },
    );

    it('deletes a batch of keys, ignoring keys that do not exist', async () => {
      // Arrange
      const { store, buckets } = subject;
      const abc = file('f', 'abc');
      for (const key of ['d/1', 'd/2', 'd/3']) await store.uploadFile(buckets[0], key, abc);

      // Act
      await store.delete(buckets[0], ['d/1', 'd/3', 'd/missing']);
      await store.delete(buckets[0], []);

      // Assert
      expect(await listAll(store, buckets[0], 'd/')).toEqual([{ key: 'd/2', bytes: 3 }]);
    });

    it('reads a byte range of an object: the bytes asked for, from the first to the last byte', async () => {
      // Arrange
      const { store, buckets } = subject;
      const bytes = Buffer.from(Array.from({ length: 300 }, (_, index) => index % 256));
      await store.uploadFile(buckets[0], 'r/part.parquet', file('in.bin', bytes));

      // Act
      const first = await store.readRange(buckets[0], 'r/part.parquet', 0, 4);
      const middle = await store.readRange(buckets[0], 'r/part.parquet', 100, 50);
      const last = await store.readRange(buckets[0], 'r/part.parquet', 292, 8);
      const whole = await store.readRange(buckets[0], 'r/part.parquet', 0, 300);

      // Assert
      expect(Buffer.from(first)).toEqual(bytes.subarray(0, 4));
      expect(Buffer.from(middle)).toEqual(bytes.subarray(100, 150));
      expect(Buffer.from(last)).toEqual(bytes.subarray(292, 300));
      expect(Buffer.from(whole)).toEqual(bytes);
    });

    it('refuses a short read past the end, a missing object and a range that is not one', async () => {
      // Arrange
      const { store, buckets } = subject;
      await store.uploadFile(buckets[0], 'r/part.parquet', file('in.bin', Buffer.alloc(300, 7)));

      // Act
      const pastEnd = await failure(store.readRange(buckets[0], 'r/part.parquet', 296, 8));
      const missing = await failure(store.readRange(buckets[0], 'r/missing.parquet', 0, 8));
      const negative = await failure(store.readRange(buckets[0], 'r/part.parquet', -1, 8));
      const empty = await failure(store.readRange(buckets[0], 'r/part.parquet', 0, 0));

      // Assert
      expect(pastEnd).toBeInstanceOf(DataLakeError);
      expect(pastEnd).toHaveProperty(
        'message',
        expect.stringMatching(/asked for 8 bytes from byte 296, got 4; allowed: a range inside the object$/),
      );
      expect(missing).toBeInstanceOf(ObjectNotFoundError);
      expect(missing).toHaveProperty(
        'message',
        `Object not found: bucket "${buckets[0]}", key "r/missing.parquet"`,
      );
      expect(negative).toHaveProperty('message', expect.stringContaining('start -1, length 8; allowed:'));
      expect(empty).toHaveProperty('message', expect.stringContaining('start 0, length 0; allowed:'));
    });

    it('puts and gets JSON: nested values, Unicode and null kept', async () => {
      // Arrange
      const { store, buckets } = subject;
      const value = {
        rows: 3,
        files: [{ key: 'a/b', partitionValues: { k: '한' } }],
        none: null,
        big: '9007199254740993',
      };

      // Act
      await store.putJson(buckets[0], '_manifests/run=1/part-00000.json', value);
      const read = await store.getJson(buckets[0], '_manifests/run=1/part-00000.json');

      // Assert
      expect(read).toEqual(value);
    });

    it('refuses to parse an object that is not JSON, naming it', async () => {
      // Arrange
      const { store, buckets } = subject;
      await store.uploadFile(buckets[0], 'j/not.json', file('text', 'not json {'));

      // Act
      const get = store.getJson(buckets[0], 'j/not.json');

      // Assert
      await expect(get).rejects.toThrow(DataLakeError);
      await expect(get).rejects.toThrow(`Object is not JSON: bucket "${buckets[0]}", key "j/not.json"`);
    });

    it('throws ObjectNotFoundError naming the bucket and key for a missing object, and writes no file', async () => {
      // Arrange
      const { store, buckets } = subject;
      await store.putJson(buckets[1], 'missing.json', {});

      // Act
      const get = await failure(store.getJson(buckets[0], 'missing.json'));
      const download = await failure(store.downloadToFile(buckets[0], 'missing.bin', join(dir, 'out')));

      // Assert
      expect(get).toBeInstanceOf(ObjectNotFoundError);
      expect(get).toHaveProperty('message', `Object not found: bucket "${buckets[0]}", key "missing.json"`);
      expect(download).toBeInstanceOf(ObjectNotFoundError);
      expect(download).toHaveProperty(
        'message',
        `Object not found: bucket "${buckets[0]}", key "missing.bin"`,
      );
      expect(existsSync(join(dir, 'out'))).toBe(false);
    });
  });
}
