import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FileFailureQueue } from '../../../lib/adapters/failureQueue';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'file-failure-queue-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('FileFailureQueue', () => {
  it('gives each line once and removes only the lines deleted, so a stopped replay keeps the rest', async () => {
    // Arrange
    const file = join(dir, 'failures.jsonl');
    writeFileSync(file, '{"a":1}\n\n{"b":2}\n');
    const queue = new FileFailureQueue(file);

    // Act
    const received = await queue.receive();
    await queue.delete(received[0] ?? { body: '', receipt: '' });

    // Assert
    expect(received.map((message) => message.body)).toEqual(['{"a":1}', '{"b":2}']);
    expect(await queue.receive()).toEqual([]);
    expect(readFileSync(file, 'utf8')).toBe('{"b":2}\n');
  });
});
