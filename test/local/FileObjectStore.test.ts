import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataLakeError } from '../../lib/core/errors';
import { FileObjectStore } from '../../lib/local/FileObjectStore';
import { describeObjectStoreContract } from '../contracts/objectStoreContract';

describe('FileObjectStore', () => {
  const roots: string[] = [];

  afterAll(() => {
    for (const root of roots) rmSync(root, { recursive: true, force: true });
  });

  const newStore = () => {
    const root = mkdtempSync(join(tmpdir(), 'file-object-store-'));
    roots.push(root);
    return { root, store: new FileObjectStore(root) };
  };

  describeObjectStoreContract('FileObjectStore', async () => ({
    store: newStore().store,
    buckets: ['raw', 'curated'],
  }));

  it('keeps each bucket in its own directory and leaves no staging files', async () => {
    // Arrange
    const { root, store } = newStore();

    // Act
    await store.putJson('curated', 'a/b.json', { ok: true });

    // Assert
    expect(readdirSync(root)).toEqual(['curated']);
    expect(readdirSync(join(root, 'curated', 'a'))).toEqual(['b.json']);
  });

  it.each([
    ['../escape', 'a key with ..'],
    ['a//b', 'an empty segment'],
    ['/abs', 'a leading slash'],
  ])('refuses the key %p (%s)', async (key) => {
    // Arrange
    const { store } = newStore();

    // Act
    const act = store.putJson('curated', key, {});

    // Assert
    await expect(act).rejects.toThrow(DataLakeError);
    await expect(store.putJson('curated', key, {})).rejects.toThrow(`received "${key}"`);
  });

  it('refuses a bucket name that is a path', async () => {
    // Arrange
    const { store } = newStore();

    // Act
    const act = store.getJson('../x', 'k');

    // Assert
    await expect(act).rejects.toThrow('Invalid bucket name: received "../x"');
  });
});
