import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

/**
 * Creates a named pipe (FIFO, mode 0600) at `path`, for a reader in this process to open.
 * Node has no mkfifo of its own, so this runs the system's `mkfifo`.
 *
 * @example
 * ```ts
 * await createCsvPipe('/tmp/extract-x/chunk-0.csv');
 * ```
 */
export async function createCsvPipe(path: string): Promise<void> {
  await promisify(execFile)('mkfifo', ['-m', '600', path]);
}
