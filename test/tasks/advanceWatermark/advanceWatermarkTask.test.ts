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

  it('creates the first claim, then advances it from the version a run was planned with', async () => {
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

  it('refuses a claim when another run claimed the table since this run was planned', async () => {
    // Arrange
    await advanceWatermarkTask(ADVANCE, { watermarks });

    // Act: a second run planned before the first claim existed
    const attempt = advanceWatermarkTask(
      { ...ADVANCE, value: '99', runId: '20261123T040500Z' },
      { watermarks },
    );

    // Assert
    await expect(attempt).rejects.toThrow(WatermarkConflictError);
    expect((await watermarks.get('service', 'orders'))?.value).toBe('30');
  });

  it('passes a retried claim whose first attempt was written (same run, same window)', async () => {
    // Arrange
    const first = await advanceWatermarkTask(ADVANCE, { watermarks });

    // Act: Step Functions retries the task with the same input, planned before the first attempt
    const retried = await advanceWatermarkTask(ADVANCE, { watermarks });

    // Assert
    expect(retried).toEqual(first);
  });

  it('rejects a claim without a value before writing anything', async () => {
    // Act
    const attempt = advanceWatermarkTask({ ...ADVANCE, value: '' }, { watermarks });

    // Assert
    await expect(attempt).rejects.toThrow(/value/);
    expect(await watermarks.get('service', 'orders')).toBeUndefined();
  });
});
