import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FileWatermarkStore } from '../../../lib/adapters/watermark';
import { WatermarkConflictError } from '../../../lib/core/errors';
import { advanceWatermarkTask } from '../../../lib/tasks/advanceWatermark/advanceWatermarkTask';

const ADVANCE = { source: 'service', table: 'orders', value: '30', runId: '20261123T040000Z' };

describe('advanceWatermarkTask', () => {
  let root: string;
  let watermarks: FileWatermarkStore;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'advance-task-'));
    watermarks = new FileWatermarkStore(root);
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('creates the first watermark, then advances it from the version a run was planned with', async () => {
    // Act
    const first = await advanceWatermarkTask(ADVANCE, { watermarks });
    const second = await advanceWatermarkTask(
      { ...ADVANCE, value: '45', runId: '20261124T040000Z', etag: first.etag },
      { watermarks },
    );

    // Assert
    expect(first).toMatchObject({ value: '30', runId: ADVANCE.runId });
    expect(await watermarks.get('service', 'orders')).toEqual(second);
    expect(second).toMatchObject({ value: '45' });
  });

  it('refuses to move a watermark another run advanced meanwhile', async () => {
    // Arrange
    await advanceWatermarkTask(ADVANCE, { watermarks });

    // Act: a second run planned before the first watermark existed
    const attempt = advanceWatermarkTask({ ...ADVANCE, value: '99' }, { watermarks });

    // Assert
    await expect(attempt).rejects.toThrow(WatermarkConflictError);
    expect((await watermarks.get('service', 'orders'))?.value).toBe('30');
  });

  it('rejects an advance without a value before writing anything', async () => {
    // Act
    const attempt = advanceWatermarkTask({ ...ADVANCE, value: '' }, { watermarks });

    // Assert
    await expect(attempt).rejects.toThrow(/value/);
    expect(await watermarks.get('service', 'orders')).toBeUndefined();
  });
});
