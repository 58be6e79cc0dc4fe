import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';

/** One table of a local run, as the run log keeps it. */
export interface LoggedTable {
  readonly table: string;
  readonly status: 'done' | 'failed';
  readonly rows: number;
  readonly bytes: number;
  readonly dropped: readonly string[];
  /** Masked columns as `column (hash|redact|truncate)`. */
  readonly masked: readonly string[];
  readonly seconds: number;
  /** @default - none: the table succeeded */
  readonly error?: string;
}

/** One local run of one source. */
export interface LoggedRun {
  readonly source: string;
  readonly runId: string;
  readonly status: 'SUCCEEDED' | 'FAILED';
  /** ISO 8601 UTC. */
  readonly startedAt: string;
  readonly endedAt: string;
  readonly tables: readonly LoggedTable[];
  /** Why the run failed. @default - none */
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

/**
 * Adds `run` to the local run log, keeping the latest {@link KEPT_RUNS}; written to a temp file
 * renamed into place, so a reader never sees half a log.
 *
 * @example
 * ```ts
 * await appendRunLog('.local/lake/runs.json', { source: 'marketplace', runId, status: 'SUCCEEDED', … });
 * ```
 */
export async function appendRunLog(file: string, run: LoggedRun): Promise<void> {
  const runs = [...(await readRunLog(file)), run].slice(-KEPT_RUNS);
  await mkdir(dirname(file), { recursive: true });
  await writeFile(`${file}.tmp`, `${JSON.stringify({ runs }, null, 2)}\n`);
  await rename(`${file}.tmp`, file);
}
