import type { StoredWatermark, WatermarkStore } from '../../lib/adapters/watermark';
import { WatermarkConflictError } from '../../lib/core/errors';

const RUN_1 = '20261123T040000Z';
const RUN_2 = '20261123T050000Z';
const RUN_3 = '20261123T060000Z';

/** The error `promise` rejects with; `undefined` when it resolves. */
async function failure(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => undefined,
    (error: unknown) => error,
  );
}

/**
 * The behaviour every {@link WatermarkStore} shares, declared as one `describe` block:
 * `makeStores` runs before each test and returns two stores over the same fresh storage (two
 * runs, or two processes, advancing one table's watermark).
 *
 * @example
 * ```ts
 * describeWatermarkStoreContract('FileWatermarkStore', async () => { const root = mkdtempSync(…); return [new FileWatermarkStore(root), new FileWatermarkStore(root)]; });
 * ```
 */
export function describeWatermarkStoreContract(
  name: string,
  makeStores: () => Promise<readonly [WatermarkStore, WatermarkStore]>,
): void {
  describe(`WatermarkStore contract: ${name}`, () => {
    let store: WatermarkStore;
    let other: WatermarkStore;

    beforeEach(async () => {
      [store, other] = await makeStores();
    });

    it('has no watermark before the first advance', async () => {
      // Act
      const watermark = await store.get('service', 'users');

      // Assert
      expect(watermark).toBeUndefined();
    });

    it('stores the first watermark only where none exists, and returns it with its version', async () => {
      // Act
      const stored = await store.advance('service', 'users', '2026-11-23 03:59:00.000000', RUN_1, undefined);

      // Assert
      expect(stored).toEqual({ value: '2026-11-23 03:59:00.000000', runId: RUN_1, etag: expect.any(String) });
      expect(stored.etag).not.toBe('');
      expect(await store.get('service', 'users')).toEqual(stored);
      expect(await other.get('service', 'users')).toEqual(stored);
    });

    it('advances from the version it read, to a new version', async () => {
      // Arrange
      const first = await store.advance('service', 'users', '10', RUN_1, undefined);

      // Act
      const second = await other.advance('service', 'users', '20', RUN_2, first.etag);

      // Assert
      expect(second).toEqual({ value: '20', runId: RUN_2, etag: expect.any(String) });
      expect(second.etag).not.toBe(first.etag);
      expect(await store.get('service', 'users')).toEqual(second);
    });

    it('refuses an advance from a stale version with WatermarkConflictError naming the table and the version, keeping the stored one', async () => {
      // Arrange
      const first = await store.advance('service', 'users', '10', RUN_1, undefined);
      const second = await store.advance('service', 'users', '20', RUN_2, first.etag);

      // Act
      const error = await failure(other.advance('service', 'users', '30', RUN_3, first.etag));

      // Assert
      expect(error).toBeInstanceOf(WatermarkConflictError);
      expect(error).toMatchObject({ source: 'service', table: 'users', expectedEtag: first.etag });
      expect(error).toHaveProperty(
        'message',
        `Watermark of service.users changed since this run read it (expected ETag ${first.etag}); another run advanced it: re-plan from the stored watermark`,
      );
      expect(await store.get('service', 'users')).toEqual(second);
    });

    it('refuses a first advance when a watermark already exists', async () => {
      // Arrange
      const first = await store.advance('service', 'users', '10', RUN_1, undefined);

      // Act
      const error = await failure(other.advance('service', 'users', '20', RUN_2, undefined));

      // Assert
      expect(error).toBeInstanceOf(WatermarkConflictError);
      expect(error).toHaveProperty('message', expect.stringContaining('(expected no watermark yet)'));
      expect(await store.get('service', 'users')).toEqual(first);
    });

    it('refuses an advance from a version when no watermark exists', async () => {
      // Arrange
      const elsewhere = await store.advance('service', 'items', '10', RUN_1, undefined);

      // Act
      const error = await failure(other.advance('service', 'users', '20', RUN_2, elsewhere.etag));

      // Assert
      expect(error).toBeInstanceOf(WatermarkConflictError);
      expect(await store.get('service', 'users')).toBeUndefined();
    });

    it('lets exactly one of two concurrent first advances win; the other gets WatermarkConflictError', async () => {
      // Act
      const results = await Promise.allSettled([
        store.advance('service', 'users', 'a', RUN_1, undefined),
        other.advance('service', 'users', 'b', RUN_2, undefined),
      ]);

      // Assert
      const won = results.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
      const lost = results.flatMap((result) => (result.status === 'rejected' ? [result.reason] : []));
      expect([won.length, lost.length]).toEqual([1, 1]);
      expect(lost[0]).toBeInstanceOf(WatermarkConflictError);
      expect(await store.get('service', 'users')).toEqual(won[0]);
    });

    it('lets exactly one of ten concurrent advances from one version win', async () => {
      // Arrange
      const first = await store.advance('service', 'users', '0', RUN_1, undefined);

      // Act
      const results = await Promise.allSettled(
        Array.from({ length: 10 }, (_, index) =>
          (index % 2 === 0 ? store : other).advance('service', 'users', String(index + 1), RUN_2, first.etag),
        ),
      );

      // Assert
      const won = results.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
      const lost = results.flatMap((result) => (result.status === 'rejected' ? [result.reason] : []));
      expect(won).toHaveLength(1);
      expect(lost.every((error) => error instanceof WatermarkConflictError)).toBe(true);
      expect(await store.get('service', 'users')).toEqual(won[0] as StoredWatermark);
    });

    it.each([
      ['a BIGINT UNSIGNED past 2^53', '18446744073709551615'],
      ['a timestamp with microseconds', '2026-11-23 03:59:00.123456'],
      ['a timestamp with a zone offset', '2026-11-23T03:59:00.000001+09:00'],
      ['text with quotes, Korean and emoji', 'kim "민수" 😀\\'],
    ])('keeps %s exactly: %p', async (_, value) => {
      // Act
      await store.advance('service', 'users', value, RUN_1, undefined);

      // Assert
      expect((await other.get('service', 'users'))?.value).toBe(value);
    });

    it('keeps each table of each source apart', async () => {
      // Act
      await store.advance('service', 'users', '1', RUN_1, undefined);
      await store.advance('service', 'items', '2', RUN_1, undefined);
      await store.advance('payments', 'users', '3', RUN_1, undefined);

      // Assert
      expect(
        await Promise.all([
          other.get('service', 'users'),
          other.get('service', 'items'),
          other.get('payments', 'users'),
          other.get('payments', 'items'),
        ]),
      ).toEqual([
        expect.objectContaining({ value: '1' }),
        expect.objectContaining({ value: '2' }),
        expect.objectContaining({ value: '3' }),
        undefined,
      ]);
    });
  });
}
