import { readFile, rename, writeFile } from 'node:fs/promises';
import type { FailureMessage, FailureQueue } from './FailureQueue';

/**
 * A failure queue kept as a file of on-failure records, one JSON document a line: local mode's
 * on-failure destination (`failures/<stream>.jsonl`), or the bodies of the relay's SQS failure
 * queue saved to a file. {@link receive} gives every line not yet deleted, once;
 * {@link delete} removes a line from the file (written to a temp file renamed into place), so a
 * replay that stops keeps exactly the lines not yet re-delivered.
 *
 * @example
 * ```ts
 * const queue = new FileFailureQueue('failures.jsonl');
 * await replayFailures({ queue, … });
 * ```
 */
export class FileFailureQueue implements FailureQueue {
  private received = false;

  public constructor(private readonly file: string) {}

  public async receive(): Promise<FailureMessage[]> {
    if (this.received) return [];
    this.received = true;
    const lines = (await readFile(this.file, 'utf8')).split('\n');
    return lines.flatMap((line, index) =>
      line.trim() === '' ? [] : [{ body: line, receipt: String(index) }],
    );
  }

  public async delete(message: FailureMessage): Promise<void> {
    const lines = (await readFile(this.file, 'utf8')).split('\n');
    const kept = lines.filter((line) => line.trim() !== '' && line !== message.body);
    await writeFile(`${this.file}.tmp`, kept.map((line) => `${line}\n`).join(''));
    await rename(`${this.file}.tmp`, this.file);
  }
}
