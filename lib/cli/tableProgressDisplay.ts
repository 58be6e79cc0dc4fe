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

/** Title of the line that gathers the tables not named up front. */
function othersTitle(others: ReadonlyMap<string, TableProgress>): string {
  const all = [...others.values()];
  const done = all.filter((progress) => progress.status === 'done').length;
  const failed = all.filter((progress) => progress.status === 'failed').length;
  const rows = all.reduce((sum, progress) => sum + progress.rows, 0);
  return `other tables: ${all.length} found, ${done} done${failed > 0 ? `, ${failed} failed` : ''}, ${rows.toLocaleString('en-US')} rows`;
}

/**
 * Shows one line per table (pending, exporting, running with its rows, committing, done,
 * failed) with listr2: redrawn in place on a terminal, one line per change otherwise (CI, pipes).
 * Tables the run reports that are not in `tables` (found by an export of the whole database)
 * share one more line, when `othersExpected`, since listr2 cannot add lines while it runs.
 *
 * @example
 * ```ts
 * const display = tableProgressDisplay(['users', 'items']);
 * const run = runLocal({ config, lakeDir, onProgress: display.listener });
 * await Promise.allSettled([run, display.finished]);
 * ```
 */
export function tableProgressDisplay(
  tables: readonly string[],
  othersExpected = false,
): TableProgressDisplay {
  const latest = new Map<string, TableProgress>();
  const tasks = new Map<string, { task: Wrapper; settle: (progress: TableProgress) => void }>();
  const others = new Map<string, TableProgress>();
  let othersLine: { task: Wrapper; settle: (reason?: string) => void } | undefined;
  // How the run ended for the other tables, kept for a line that starts after the end.
  let othersEnd: { reason?: string } | undefined;

  const apply = (progress: TableProgress) => {
    if (!tables.includes(progress.table)) {
      others.set(progress.table, progress);
      if (othersLine !== undefined) othersLine.task.title = othersTitle(others);
      return;
    }
    const waiting = tasks.get(progress.table);
    if (waiting === undefined) return;
    waiting.task.title = title(progress);
    if (progress.status === 'done' || progress.status === 'failed') waiting.settle(progress);
  };

  const othersTask = {
    title: 'other tables: not found yet',
    task: (_context: unknown, task: Wrapper) =>
      new Promise<void>((resolve, reject) => {
        othersLine = {
          task,
          settle: (reason) => (reason === undefined ? resolve() : reject(new Error(reason))),
        };
        if (others.size > 0) task.title = othersTitle(others);
        if (othersEnd !== undefined) othersLine.settle(othersEnd.reason);
      }),
  };
  const listr = new Listr(
    [
      ...tables.map((table) => ({
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
      ...(othersExpected ? [othersTask] : []),
    ],
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
      const unfinished = [...others.values()].filter((progress) => progress.status !== 'done');
      othersEnd = unfinished.length === 0 ? {} : { reason: `${othersTitle(others)} (${reason})` };
      othersLine?.settle(othersEnd.reason);
    },
    finished: listr.run().then(() => undefined),
  };
}
