import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { PipelineKind } from '../core/naming';

/** One table of a local run, as the run log keeps it. */
export interface LoggedTable {
  readonly table: string;
  readonly status: 'done' | 'failed';
  readonly rows: number;
  readonly bytes: number;
  readonly dropped: readonly string[];
  /** Masked columns as `column (hash|redact|truncate)`. */
  readonly masked: readonly string[];
  /**
   * Invalid values landed as NULL (MySQL zero dates under `invalidDates: null`), by column.
   *
   * @default - none
   */
  readonly invalidValuesNulled?: Readonly<Record<string, number>>;
  readonly seconds: number;
  /**
   * When the committed data is as of (`dataAsOf` of its plan), ISO 8601 UTC: its freshness is
   * measured from it. @default - not committed, or a run logged before it was recorded
   */
  readonly asOf?: string;
  /** Rows the source held for the run (its export's or extract's count). @default - not recorded */
  readonly sourceRows?: number;
  /** @default - none: the table succeeded */
  readonly error?: string;
}

/**
 * How a local run stands: `RUNNING` from its start until it ends `SUCCEEDED` or `FAILED`;
 * `KILLED` when its process died first (found by the next run, which takes over its lock).
 */
export type LoggedRunStatus = 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'KILLED';

/**
 * One pipeline (state machine) a local run ran: `FAILED` with its error when it threw part way.
 * A pipeline the run did not reach (the other failed first) has none.
 */
export interface LoggedPipeline {
  readonly pipeline: PipelineKind;
  readonly status: 'SUCCEEDED' | 'FAILED';
  /** ISO 8601 UTC. */
  readonly startedAt: string;
  /** ISO 8601 UTC. */
  readonly endedAt: string;
  /** @default - none: the pipeline succeeded */
  readonly error?: string;
}

/** One local run of one source. */
export interface LoggedRun {
  readonly source: string;
  readonly runId: string;
  readonly status: LoggedRunStatus;
  /** The process that ran it. @default - not recorded (runs logged before pids were) */
  readonly pid?: number;
  /** ISO 8601 UTC. */
  readonly startedAt: string;
  /** ISO 8601 UTC. @default - not ended (`RUNNING`) or unknown (`KILLED`) */
  readonly endedAt?: string;
  readonly tables: readonly LoggedTable[];
  /**
   * The pipelines it ran, in order, each logged as it ended.
   *
   * @default - not recorded (runs logged before pipelines were)
   */
  readonly pipelines?: readonly LoggedPipeline[];
  /** Why the run failed: its first error. @default - none */
  readonly error?: string;
}

/** Runs kept in the log; older ones drop off. */
const KEPT_RUNS = 50;

/**
 * The local run log (`runs.json` in the lake directory), oldest run first; empty when the lake
 * has never run.
 */
export async function readRunLog(file: string): Promise<LoggedRun[]> {
  try {
    return (JSON.parse(await readFile(file, 'utf8')) as { runs: LoggedRun[] }).runs;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}

async function writeRunLog(file: string, runs: readonly LoggedRun[]): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  await writeFile(`${file}.tmp`, `${JSON.stringify({ runs: runs.slice(-KEPT_RUNS) }, null, 2)}\n`);
  await rename(`${file}.tmp`, file);
}

const sameRun = (a: LoggedRun, b: { source: string; runId: string }) =>
  a.source === b.source && a.runId === b.runId;

/**
 * Puts `run` into the local run log: in place of the entry of the same source and run id (a run
 * logged `RUNNING` at its start, then ended), else after the others; the latest
 * {@link KEPT_RUNS} are kept. Written to a temp file renamed into place, so a reader never sees
 * half a log.
 *
 * @example
 * ```ts
 * await putRunLogEntry('.local/lake/runs.json', { source: 'marketplace', runId, status: 'RUNNING', pid: process.pid, … });
 * ```
 */
export async function putRunLogEntry(file: string, run: LoggedRun): Promise<void> {
  const runs = await readRunLog(file);
  const index = runs.findIndex((logged) => sameRun(logged, run));
  await writeRunLog(file, index === -1 ? [...runs, run] : runs.with(index, run));
}

/** The error a run whose process died before it ended is logged with. */
export function killedRunError(pid: number | undefined): string {
  return `process ${pid ?? '?'} ended before the run did (killed or crashed)`;
}

/**
 * Records a run whose process died before it ended as `KILLED` (its `RUNNING` entry, or a new
 * entry when it died before writing one).
 */
export async function markRunKilled(
  file: string,
  run: { source: string; runId: string; pid: number; startedAt: string },
): Promise<void> {
  const logged = (await readRunLog(file)).find((entry) => sameRun(entry, run));
  if (logged !== undefined && logged.status !== 'RUNNING') return;
  await putRunLogEntry(file, {
    ...(logged ?? { tables: [] }),
    ...run,
    status: 'KILLED',
    error: killedRunError(run.pid),
  });
}

/** Room kept free for the run log's last write, beyond the log's own size. */
const RESERVE_MARGIN_BYTES = 64 * 1024;

/**
 * Sets disk space aside (`<log>.reserve`, the log's size plus a margin) at a run's start, so the
 * run's last log write still fits when the run has filled the disk: the run frees it with
 * {@link releaseRunLogSpace} right before that write.
 */
export async function reserveRunLogSpace(file: string): Promise<void> {
  const logBytes = await stat(file).then(
    (found) => found.size,
    () => 0,
  );
  // Written bytes, not a sparse file: the blocks are taken now.
  await writeFile(`${file}.reserve`, Buffer.alloc(logBytes + RESERVE_MARGIN_BYTES));
}

/** Frees the space {@link reserveRunLogSpace} set aside. */
export async function releaseRunLogSpace(file: string): Promise<void> {
  await rm(`${file}.reserve`, { force: true });
}
