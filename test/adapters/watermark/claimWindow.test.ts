import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { claimWindow, FileWatermarkStore } from '../../../lib/adapters/watermark';
import { WatermarkConflictError } from '../../../lib/core/errors';

const CLAIM = { source: 'service', table: 'users', value: '100', runId: '20261123T040000Z' };

describe('claimWindow', () => {
  let root: string;
  let store: FileWatermarkStore;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'claims-'));
    store = new FileWatermarkStore(root);
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('lets one of two runs planned from the same version claim the table, the other fails', async () => {
    // Arrange: both runs read the claim of the run before them
    const before = await store.advance('service', 'users', '50', '20261122T040000Z', undefined);

    // Act
    const claims = await Promise.allSettled([
      claimWindow(store, { ...CLAIM, etag: before.etag }),
      claimWindow(store, { ...CLAIM, runId: '20261123T040500Z', value: '101', etag: before.etag }),
    ]);

    // Assert
    expect(claims.map((claim) => claim.status).sort()).toEqual(['fulfilled', 'rejected']);
    const refused = claims.find((claim) => claim.status === 'rejected');
    expect(refused?.status === 'rejected' && refused.reason).toBeInstanceOf(WatermarkConflictError);
  });

  it('keeps a claim the run already holds, so a retried claim passes', async () => {
    // Arrange
    const held = await claimWindow(store, CLAIM);

    // Act
    const again = await claimWindow(store, CLAIM);

    // Assert
    expect(again).toEqual(held);
  });

  it('refuses the same run with another window: it was planned again, from another state', async () => {
    // Arrange
    await claimWindow(store, CLAIM);

    // Act / Assert
    await expect(claimWindow(store, { ...CLAIM, value: '120' })).rejects.toThrow(WatermarkConflictError);
    expect((await store.get('service', 'users'))?.value).toBe('100');
  });

  it('takes over the claim of a run that never committed, from the version the next run read', async () => {
    // Arrange: a run claimed and crashed; the next run read its claim when it was planned
    const crashed = await claimWindow(store, CLAIM);

    // Act
    const next = await claimWindow(store, {
      ...CLAIM,
      runId: '20261124T040000Z',
      value: '130',
      etag: crashed.etag,
    });

    // Assert
    expect(await store.get('service', 'users')).toEqual(next);
  });
});
