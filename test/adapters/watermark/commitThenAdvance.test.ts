import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { commitThenAdvance, FileWatermarkStore } from '../../../lib/adapters/watermark';

describe('commitThenAdvance', () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'watermarks-'));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('advances the watermark after a successful commit', async () => {
    // Arrange
    const store = new FileWatermarkStore(root);
    const pending = {
      source: 'service',
      table: 'users',
      value: '100',
      runId: '20261123T040000Z',
      etag: undefined,
    };

    // Act
    const { result } = await commitThenAdvance(store, pending, async () => 'committed');

    // Assert
    expect([result, (await store.get('service', 'users'))?.value]).toEqual(['committed', '100']);
  });

  it('leaves the watermark where it was when the commit fails', async () => {
    // Arrange
    const store = new FileWatermarkStore(root);
    const before = await store.advance('service', 'users', '50', '20261122T040000Z', undefined);
    const pending = {
      source: 'service',
      table: 'users',
      value: '100',
      runId: '20261123T040000Z',
      etag: before.etag,
    };

    // Act
    const attempt = commitThenAdvance(store, pending, async () => {
      throw new Error('row count mismatch');
    });

    // Assert
    await expect(attempt).rejects.toThrow('row count mismatch');
    expect(await store.get('service', 'users')).toEqual(before);
  });
});
