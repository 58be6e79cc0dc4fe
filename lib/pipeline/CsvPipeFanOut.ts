import { closeSync, constants, openSync, unlinkSync } from 'node:fs';
import { Socket } from 'node:net';
import { Writable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';

/** How often unopened pipes are retried while their reader has not opened them yet. */
const POLL_MS = 5;

/** What a {@link CsvPipeFanOut} waits on and for how long. */
export interface CsvPipeFanOutOptions {
  /** Stops waiting for readers once it returns true, e.g. when DuckDB has settled. */
  readonly gaveUp: () => boolean;
  /**
   * Longest wait for the reader to open a first pipe, and, once every record is written, to open
   * the pipes it has not opened yet.
   *
   * @default 60000
   */
  readonly timeoutMs?: number;
}

/**
 * A writable stream that spreads chunks of whole CSV records over several named pipes (FIFOs),
 * so that DuckDB, reading them as one multi-file `read_csv`, parses, transforms and writes with
 * one thread per pipe: over a single pipe its whole pipeline runs on one thread.
 *
 * Each chunk goes to the next pipe whose reader keeps up (round robin, skipping full pipes), so a
 * slow or not yet opened pipe never stalls the others; the caller writes whole records per chunk,
 * as a record split between two pipes would corrupt both. Every pipe's write end is opened only
 * after its reader opened it (non-blocking, retried every few milliseconds on the main thread):
 * no byte is written before someone reads it, the reader sees end-of-file exactly when its pipe is
 * closed, and no libuv worker ever blocks. DuckDB opens as many pipes at once as it has free
 * threads and the rest one by one as it finishes others, so when every record is written the
 * stream closes the open pipes and then opens and closes each remaining one as its reader comes
 * (end-of-file, no rows) before it finishes. Destroying it (a failed or aborted stream) closes
 * every pipe and releases readers still to come: one blocked in its open reads end-of-file, one
 * that opens later finds no file.
 *
 * @example
 * ```ts
 * const target = new CsvPipeFanOut([fifo0, fifo1], { gaveUp: () => duckdbSettled });
 * await reader.copyToCsv(query, target);
 * ```
 */
export class CsvPipeFanOut extends Writable {
  private readonly paths: readonly string[];
  private readonly options: CsvPipeFanOutOptions;
  /** Open write ends, by pipe index. */
  private readonly pipes: (Socket | undefined)[];
  /** Pipes opened, then closed or released: nothing more to do for them. */
  private readonly done: boolean[];
  private next = 0;
  private allWritten = false;
  private openerStopped = false;
  private deadline: number;
  /** Resumes a write or the final wait when a pipe opens or drains, or the opener stops. */
  private wake: (() => void) | undefined;
  private readonly opening: Promise<void>;

  /**
   * @param paths the FIFOs, already created, in the order their reader opens them
   * @param options when to stop waiting for the reader
   */
  public constructor(paths: readonly string[], options: CsvPipeFanOutOptions) {
    super({ decodeStrings: false });
    this.paths = paths;
    this.options = options;
    this.pipes = paths.map(() => undefined);
    this.done = paths.map(() => false);
    this.deadline = Date.now() + (options.timeoutMs ?? 60_000);
    // An opener that fails (a pipe gone, a permission) fails the stream, never the process.
    this.opening = this.openPipes().catch((error: unknown) => {
      this.destroy(error instanceof Error ? error : new Error(String(error)));
    });
  }

  public override _write(
    chunk: Buffer | string,
    _encoding: BufferEncoding,
    callback: (error?: Error | null) => void,
  ): void {
    const pipe = this.writablePipe();
    if (pipe !== undefined) {
      pipe.write(chunk);
      callback();
      return;
    }
    if (this.openerStopped && !this.pipes.some((open) => open !== undefined)) {
      callback(new Error(`the reader did not open any of the ${this.paths.length} chunk pipes in time`));
      return;
    }
    this.wake = () => {
      this.wake = undefined;
      this._write(chunk, _encoding, callback);
    };
  }

  public override _final(callback: (error?: Error | null) => void): void {
    this.allWritten = true;
    this.deadline = Date.now() + (this.options.timeoutMs ?? 60_000);
    const closing = this.pipes.flatMap((pipe, index) => {
      if (pipe === undefined) return [];
      this.done[index] = true;
      this.pipes[index] = undefined;
      return [new Promise<void>((resolve) => pipe.end(resolve))];
    });
    Promise.all([...closing, this.opening]).then(
      () => callback(),
      (error: unknown) => callback(error instanceof Error ? error : new Error(String(error))),
    );
  }

  public override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    for (const [index, pipe] of this.pipes.entries()) {
      pipe?.destroy();
      this.pipes[index] = undefined;
    }
    try {
      this.releaseUnopened();
    } catch (releaseError) {
      // The first error is the cause; one releasing the readers only stands in when there is none.
      callback(error ?? (releaseError instanceof Error ? releaseError : new Error(String(releaseError))));
      return;
    }
    callback(error);
  }

  /** A pipe that is open and not full, taken round robin; `undefined` when there is none. */
  private writablePipe(): Socket | undefined {
    for (let step = 0; step < this.pipes.length; step += 1) {
      const index = (this.next + step) % this.pipes.length;
      const pipe = this.pipes[index];
      if (pipe !== undefined && !pipe.writableNeedDrain) {
        this.next = index + 1;
        return pipe;
      }
    }
    return undefined;
  }

  /**
   * Opens each pipe's write end once its reader has it open, until every pipe is done, the reader
   * gave up, the stream was destroyed, or the deadline passed while no pipe was open yet or after
   * every record was written (the reader then finds no file rather than waiting forever).
   */
  private async openPipes(): Promise<void> {
    try {
      while (this.done.includes(false) && !this.options.gaveUp() && !this.destroyed) {
        const waiting = this.allWritten || !this.pipes.some((pipe) => pipe !== undefined);
        if (waiting && Date.now() > this.deadline) break;
        for (const [index, path] of this.paths.entries()) {
          if (this.done[index] || this.pipes[index] !== undefined) continue;
          const pipe = openWriteEnd(path);
          if (pipe === undefined) continue;
          if (this.allWritten) {
            // Nothing left to send: end-of-file for this reader.
            pipe.destroy();
            this.done[index] = true;
            continue;
          }
          pipe.on('drain', () => this.wake?.());
          pipe.on('error', (error) => this.destroy(error));
          this.pipes[index] = pipe;
          this.wake?.();
        }
        await sleep(POLL_MS);
      }
    } finally {
      if (!this.options.gaveUp()) this.releaseUnopened();
      this.openerStopped = true;
      this.wake?.();
    }
  }

  /** Makes sure no reader waits forever on a pipe this stream will not write. */
  private releaseUnopened(): void {
    for (const [index, path] of this.paths.entries()) {
      if (this.done[index] || this.pipes[index] !== undefined) continue;
      this.done[index] = true;
      releaseReader(path);
    }
  }
}

/** The pipe's write end as a non-blocking socket, or `undefined` while no reader has it open. */
function openWriteEnd(path: string): Socket | undefined {
  let fd: number;
  try {
    fd = openSync(path, constants.O_WRONLY | constants.O_NONBLOCK);
  } catch (error) {
    // ENXIO: no reader yet.
    if ((error as NodeJS.ErrnoException).code === 'ENXIO') return undefined;
    throw error;
  }
  try {
    return new Socket({ fd, readable: false, writable: true });
  } catch (error) {
    closeSync(fd);
    throw error;
  }
}

/**
 * A reader blocked in its open now pairs with this descriptor and reads end-of-file once it
 * closes; one that opens later finds no file.
 */
function releaseReader(path: string): void {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDWR | constants.O_NONBLOCK);
  } catch (error) {
    // Already gone (the work directory was removed): no reader can be waiting on it.
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  try {
    unlinkSync(path);
  } finally {
    closeSync(fd);
  }
}
