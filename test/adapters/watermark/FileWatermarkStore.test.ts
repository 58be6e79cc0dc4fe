import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FileWatermarkStore } from '../../../lib/adapters/watermark';
import { describeWatermarkStoreContract } from '../../contracts/watermarkStoreContract';

describe('FileWatermarkStore', () => {
  const roots: string[] = [];

  afterAll(() => {
    for (const root of roots) rmSync(root, { recursive: true, force: true });
  });

  describeWatermarkStoreContract('FileWatermarkStore', async () => {
    const root = mkdtempSync(join(tmpdir(), 'watermarks-'));
    roots.push(root);
    return [new FileWatermarkStore(root), new FileWatermarkStore(root)];
  });
});
