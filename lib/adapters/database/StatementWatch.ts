import { Transform, type TransformCallback } from 'node:stream';

/** The bounds a {@link StatementWatch} enforces, and the errors it fails with. */
export interface StatementWatchOptions {
  /** Longest the statement may run, from the watch's creation. */
  readonly statementMs: number;
  /** Longest no chunk may arrive while the watch could take one. */
  readonly idleMs: number;
  readonly statementError: () => Error;
  readonly idleError: () => Error;
}

/**
 * A pass-through (rows or bytes) put right after a driver's result stream, that fails the stream
 * (destroys itself, so the pipeline rejects with its error) when the statement runs past
 * `statementMs`, or when no chunk arrives for `idleMs` while it could take one. Time spent waiting
 * on a slow consumer is not silence: its output backed up, or the consumer pulling again, counts
 * as progress. Without it a dead server that never closed its socket, or a session the driver
 * never reports lost, leaves the stream waiting forever. Its timers stop when it closes.
 *
 * @example
 * ```ts
 * await pipeline(rows, new StatementWatch({ statementMs, idleMs, statementError, idleError }), encoder, target);
 * ```
 */
export class StatementWatch extends Transform {
  private progressAt = Date.now();
  private idleTimer: NodeJS.Timeout;
  private readonly statementTimer: NodeJS.Timeout;

  public constructor(private readonly options: StatementWatchOptions) {
    super({ objectMode: true });
    this.statementTimer = setTimeout(() => this.destroy(options.statementError()), options.statementMs);
    this.idleTimer = setTimeout(() => this.checkIdle(), options.idleMs);
    this.once('close', () => {
      clearTimeout(this.statementTimer);
      clearTimeout(this.idleTimer);
    });
  }

  /**
   * Counts as progress now: for a source that sees the server's bytes before they make a chunk
   * (a socket read, while a long row or a block of rows is still being assembled).
   */
  public progress(): void {
    this.progressAt = Date.now();
  }

  public override _transform(chunk: unknown, _encoding: BufferEncoding, done: TransformCallback): void {
    this.progress();
    done(null, chunk);
  }

  public override _read(size: number): void {
    // The consumer wants more: from here on, waiting is the server's.
    this.progressAt = Date.now();
    super._read(size);
  }

  private checkIdle(): void {
    const now = Date.now();
    if (this.readableLength >= this.readableHighWaterMark) this.progressAt = now;
    const silent = now - this.progressAt;
    if (silent >= this.options.idleMs) {
      this.destroy(this.options.idleError());
      return;
    }
    this.idleTimer = setTimeout(() => this.checkIdle(), this.options.idleMs - silent);
  }
}
