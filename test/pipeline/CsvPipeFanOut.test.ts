import { once } from 'node:events';
import { createReadStream, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { CsvPipeFanOut } from '../../lib/pipeline/CsvPipeFanOut';
import { createCsvPipe } from '../../lib/pipeline/createCsvPipe';

/** Everything a reader of `path` receives until end-of-file. */
async function readAll(path: string): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of createReadStream(path)) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** `count` records of about 1 KB each, one chunk per record. */
function records(count: number): string[] {
  return Array.from({ length: count }, (_, index) => `${index},"${'행'.repeat(300)}"\n`);
}

describe('CsvPipeFanOut', () => {
  let work: string;
  let pipes: string[];

  beforeEach(async () => {
    work = mkdtempSync(join(tmpdir(), 'fanout-'));
    pipes = [join(work, 'p0.csv'), join(work, 'p1.csv')];
    await Promise.all(pipes.map(createCsvPipe));
  });

  afterEach(() => {
    rmSync(work, { recursive: true, force: true });
  });

  it('spreads whole records over every pipe its reader opened', async () => {
    // Arrange: far more than the pipes buffer, so both must be drained while writing
    const sent = records(2000);
    const reads = pipes.map(readAll);

    // Act
    await pipeline(Readable.from(sent), new CsvPipeFanOut(pipes, { gaveUp: () => false }));
    const received = await Promise.all(reads);

    // Assert
    const lines = received.flatMap((text) => text.split('\n').filter((line) => line !== ''));
    expect(lines.map((line) => `${line}\n`).sort()).toEqual([...sent].sort());
    expect(received.every((text) => text.length > 0)).toBe(true);
  });

  it('serves a reader that opens the pipes one after the other', async () => {
    // Arrange: the second pipe is opened only once the first reached end-of-file
    const sent = records(500);
    const reads = (async () => [await readAll(pipes[0] as string), await readAll(pipes[1] as string)])();

    // Act
    await pipeline(Readable.from(sent), new CsvPipeFanOut(pipes, { gaveUp: () => false }));
    const [first, second] = await reads;

    // Assert
    expect([first, second]).toEqual([sent.join(''), '']);
  });

  it('fails the write when no pipe is opened in time, and leaves no pipe to block on', async () => {
    // Arrange
    const target = new CsvPipeFanOut(pipes, { gaveUp: () => false, timeoutMs: 50 });

    // Act
    const attempt = pipeline(Readable.from(records(1)), target);

    // Assert
    await expect(attempt).rejects.toThrow('the reader did not open any of the 2 chunk pipes in time');
    expect(pipes.filter((path) => existsSync(path))).toEqual([]);
  });

  it('gives a reader waiting on a pipe end-of-file when the stream is destroyed', async () => {
    // Arrange: nothing is written before the failure
    const target = new CsvPipeFanOut(pipes, { gaveUp: () => false });
    const failed = once(target, 'error');
    const read = readAll(pipes[0] as string);

    // Act
    await new Promise((resolve) => setTimeout(resolve, 30));
    target.destroy(new Error('replica stream failed'));

    // Assert
    await expect(read).resolves.toBe('');
    await expect(failed).resolves.toEqual([new Error('replica stream failed')]);
  });
});
