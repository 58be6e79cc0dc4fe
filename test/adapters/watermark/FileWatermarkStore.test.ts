import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FileWatermarkStore } from '../../../lib/adapters/watermark';
import { WatermarkConflictError } from '../../../lib/core/errors';

describe('FileWatermarkStore', () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'watermarks-'));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('has no watermark before the first advance, then the one stored', async () => {
    // Arrange
    const store = new FileWatermarkStore(root);
    const before = await store.get('service', 'users');

    // Act
    const stored = await store.advance(
      'service',
      'users',
      '2026-11-23 03:59:00.000000',
      '20261123T040000Z',
      undefined,
    );

    // Assert
    expect(before).toBeUndefined();
    expect(await store.get('service', 'users')).toEqual(stored);
  });

  it('refuses an advance from a stale version', async () => {
    // Arrange
    const store = new FileWatermarkStore(root);
    const first = await store.advance('service', 'users', '10', '20261123T040000Z', undefined);
    await store.advance('service', 'users', '20', '20261123T050000Z', first.etag);

    // Act / Assert
    await expect(store.advance('service', 'users', '30', '20261123T060000Z', first.etag)).rejects.toThrow(
      WatermarkConflictError,
    );
    expect((await store.get('service', 'users'))?.value).toBe('20');
  });

  it('lets exactly one of two concurrent first advances win', async () => {
    // Arrange
    const a = new FileWatermarkStore(root);
    const b = new FileWatermarkStore(root);

    // Act
    const results = await Promise.allSettled([
      a.advance('service', 'users', 'a', '20261123T040000Z', undefined),
      b.advance('service', 'users', 'b', '20261123T040001Z', undefined),
    ]);

    // Assert
    expect(results.map((result) => result.status).sort()).toEqual(['fulfilled', 'rejected']);
  });
});
