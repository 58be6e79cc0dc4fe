import { Listr, type ListrTaskWrapper } from 'listr2';
import type { ProgressListener, TableProgress } from '../local/TableProgress';

/** A live per-table progress display fed by a local run's {@link ProgressListener}. */
export interface TableProgressDisplay {
  readonly listener: ProgressListener;
  /** Marks every table not yet done or failed as failed with `reason`, so the display ends. */
  abort(reason: string): void;
  /** Resolves once every table is done or failed and the display has drawn its last frame. */
  readonly finished: Promise<void>;
}

type Wrapper = ListrTaskWrapper<unknown, never, never>;

function title(progress: TableProgress): string {
  const rows = progress.rows > 0 ? `, ${progress.rows.toLocaleString('en-US')} rows` : '';
  const reason = progress.error === undefined ? '' : ` (${progress.error})`;
  return `${progress.table}: ${progress.status}${rows}${reason}`;
}

/**
 * Shows one line per table (pending, exporting, running with its rows, committing, done,
 * failed) with listr2: redrawn in place on a terminal, one line per change otherwise (CI, pipes).
 *
 * @example
 * ```ts
 * const display = tableProgressDisplay(['users', 'items']);
 * const run = runLocal({ config, lakeDir, onProgress: display.listener });
 * await Promise.allSettled([run, display.finished]);
 * ```
 */
export function tableProgressDisplay(tables: readonly string[]): TableProgressDisplay {
  const latest = new Map<string, TableProgress>();
  const tasks = new Map<string, { task: Wrapper; settle: (progress: TableProgress) => void }>();

  const apply = (progress: TableProgress) => {
    const waiting = tasks.get(progress.table);
    if (waiting === undefined) return;
    waiting.task.title = title(progress);
    if (progress.status === 'done' || progress.status === 'failed') waiting.settle(progress);
  };

  const listr = new Listr(
    tables.map((table) => ({
      title: `${table}: pending`,
      task: (_context: unknown, task: Wrapper) =>
        new Promise<void>((resolve, reject) => {
          tasks.set(table, {
            task,
            settle: (progress) =>
              progress.status === 'done' ? resolve() : reject(new Error(title(progress))),
          });
          const seen = latest.get(table);
          if (seen !== undefined) apply(seen);
        }),
    })),
    { concurrent: true, exitOnError: false },
  );

  const listener: ProgressListener = (progress) => {
    latest.set(progress.table, progress);
    apply(progress);
  };
  return {
    listener,
    abort: (reason) => {
      for (const table of tables) {
        const status = latest.get(table)?.status;
        if (status !== 'done' && status !== 'failed') {
          listener({ table, status: 'failed', rows: latest.get(table)?.rows ?? 0, error: reason });
        }
      }
    },
    finished: listr.run().then(() => undefined),
  };
}
