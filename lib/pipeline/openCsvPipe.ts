import { execFile } from 'node:child_process';
import { closeSync, constants, openSync, unlinkSync } from 'node:fs';
import { Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';

/** How often the write end retries while it waits for the reader to open the pipe. */
const POLL_MS = 5;

/** What {@link openCsvPipe} waits on and for how long. */
export interface OpenCsvPipeOptions {
  /** Stops waiting (resolving `undefined`) once it returns true, e.g. when the reader has failed. */
  readonly gaveUp: () => boolean;
  /**
   * Longest wait for the reader to open the pipe.
   *
   * @default 60000
   */
  readonly timeoutMs?: number;
}

/**
 * Creates the named pipe (FIFO, mode 0600) at `path`, for a reader in this process to open.
 * Node has no mkfifo of its own, so this runs the system's `mkfifo`.
 *
 * @example
 * ```ts
 * await createCsvPipe('/tmp/extract-x/chunk.csv');
 * ```
 */
export async function createCsvPipe(path: string): Promise<void> {
  await promisify(execFile)('mkfifo', ['-m', '600', path]);
}

/**
 * The write end of the FIFO at `path` as a non-blocking stream, once a reader has it open.
 *
 * The write end is opened only after the reader so that no byte is written before someone reads
 * it (a FIFO drops buffered bytes when its last descriptor closes) and so that the reader sees
 * end-of-file exactly when this stream closes. Opening is non-blocking and retried every few
 * milliseconds on the main thread: a blocking open would hold a libuv worker forever if the reader
 * failed before opening. The stream is a `net.Socket` over the descriptor, so writes never block a
 * thread either, and destroying it closes the descriptor at once.
 *
 * @returns the stream, or `undefined` when `gaveUp()` turned true or the timeout passed first (a
 * reader still to come then reads end-of-file rather than waiting forever)
 * @example
 * ```ts
 * const writer = await openCsvPipe(fifo, { gaveUp: () => readerSettled });
 * ```
 */
export async function openCsvPipe(path: string, options: OpenCsvPipeOptions): Promise<Socket | undefined> {
  const deadline = Date.now() + (options.timeoutMs ?? 60_000);
  while (!options.gaveUp() && Date.now() < deadline) {
    let fd: number;
    try {
      fd = openSync(path, constants.O_WRONLY | constants.O_NONBLOCK);
    } catch (error) {
      // ENXIO: no reader yet.
      if ((error as NodeJS.ErrnoException).code !== 'ENXIO') throw error;
      await sleep(POLL_MS);
      continue;
    }
    try {
      return new Socket({ fd, readable: false, writable: true });
    } catch (error) {
      closeSync(fd);
      throw error;
    }
  }
  if (!options.gaveUp()) releaseReader(path);
  return undefined;
}

/**
 * Makes sure no reader waits forever: one blocked in its open now pairs with this descriptor and
 * reads end-of-file once it closes; one that opens later finds no file.
 */
function releaseReader(path: string): void {
  const fd = openSync(path, constants.O_RDWR | constants.O_NONBLOCK);
  try {
    unlinkSync(path);
  } finally {
    closeSync(fd);
  }
}
